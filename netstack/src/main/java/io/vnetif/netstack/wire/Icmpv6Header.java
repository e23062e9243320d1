package io.vnetif.netstack.wire;

/**
 * An ICMPv6 message (RFC 4443) at {@code at}: type, code, a checksum over the IPv6 pseudo header and the
 * whole message, then 4 bytes that depend on the type (echo: identifier and sequence; packet too big: the
 * MTU), then data (errors quote as much of the offending packet as fits in 1280 bytes). The first 8 bytes
 * are laid out as ICMPv4's: type, code, identifier and sequence are read with {@link IcmpHeader}. Neighbour
 * discovery (RFC 4861) and MLD (RFC 3810) are ICMPv6 messages too: {@link NdpMessage}, {@link Mld}.
 */
public final class Icmpv6Header {
    public static final int LENGTH = 8;
    public static final int DESTINATION_UNREACHABLE = 1;
    public static final int PACKET_TOO_BIG = 2;
    public static final int TIME_EXCEEDED = 3;
    public static final int PARAMETER_PROBLEM = 4;
    public static final int ECHO_REQUEST = 128;
    public static final int ECHO_REPLY = 129;
    public static final int MLD_QUERY = 130;
    public static final int MLDV1_REPORT = 131;
    public static final int MLDV1_DONE = 132;
    public static final int ROUTER_SOLICITATION = 133;
    public static final int ROUTER_ADVERTISEMENT = 134;
    public static final int NEIGHBOR_SOLICITATION = 135;
    public static final int NEIGHBOR_ADVERTISEMENT = 136;
    public static final int REDIRECT = 137;
    public static final int MLDV2_REPORT = 143;
    public static final int CODE_UNRECOGNIZED_NEXT_HEADER = 1;
    /** Destination unreachable's code for a port nobody listens on. */
    public static final int CODE_PORT_UNREACHABLE = 4;

    private Icmpv6Header() {
    }

    /** The MTU a packet too big reports (32 bits: unsigned, may exceed an int's range). */
    public static long mtu(byte[] f, int at) {
        return Bytes.i32(f, at + 4) & 0xFFFF_FFFFL;
    }

    /** Whether an error message (types below 128, RFC 4443 §2.1): never answered with an error. */
    public static boolean isError(int type) {
        return type < 128;
    }

    /** Whether the {@code length} bytes of message at {@code at} checksum right within the packet whose header is at {@code ipAt}. */
    public static boolean checksumValid(byte[] f, int ipAt, int at, int length) {
        return Checksum.valid(Ipv6Header.pseudoHeaderSum(f, ipAt, Ipv6Header.NEXT_ICMPV6, length) + Checksum.sum(f, at, length));
    }

    /**
     * Writes type, code and the rest-of-header word, then the checksum over the pseudo header of
     * {@code source} and {@code destination} and the {@code length} bytes of message (its data written already).
     */
    public static void write(byte[] f, int at, int type, int code, int restOfHeader, int length, Ipv6Address source,
                             Ipv6Address destination) {
        Bytes.put8(f, at, type);
        Bytes.put8(f, at + 1, code);
        Bytes.put16(f, at + 2, 0);
        Bytes.put32(f, at + 4, restOfHeader);
        checksum(f, at, length, source, destination);
    }

    /** Fills in the checksum of the {@code length} bytes of message at {@code at}. */
    public static void checksum(byte[] f, int at, int length, Ipv6Address source, Ipv6Address destination) {
        Bytes.put16(f, at + 2, 0);
        long sum = Checksum.pseudoHeader(source, destination, Ipv6Header.NEXT_ICMPV6, length) + Checksum.sum(f, at, length);
        Bytes.put16(f, at + 2, Checksum.finish(sum));
    }
}
