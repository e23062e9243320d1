package io.vnetif.netstack.wire;

/** The UDP header (RFC 768): source port, destination port, length (header included), checksum (0: none, over IPv4 only). */
public final class UdpHeader {
    public static final int LENGTH = 8;

    private UdpHeader() {
    }

    public static int sourcePort(byte[] f, int at) {
        return Bytes.u16(f, at);
    }

    public static int destinationPort(byte[] f, int at) {
        return Bytes.u16(f, at + 2);
    }

    public static int length(byte[] f, int at) {
        return Bytes.u16(f, at + 4);
    }

    public static int checksum(byte[] f, int at) {
        return Bytes.u16(f, at + 6);
    }

    /** Writes the header and the checksum over IPv4's pseudo header and {@code length} bytes of datagram. */
    public static void write(byte[] f, int at, int sourcePort, int destinationPort, int length, int sourceIp, int destinationIp) {
        write(f, at, sourcePort, destinationPort, length, Checksum.pseudoHeader(sourceIp, destinationIp, Ipv4Header.PROTOCOL_UDP, length));
    }

    /** Writes the header and the checksum over IPv6's pseudo header and {@code length} bytes of datagram. */
    public static void write(byte[] f, int at, int sourcePort, int destinationPort, int length, Ipv6Address source, Ipv6Address destination) {
        write(f, at, sourcePort, destinationPort, length, Checksum.pseudoHeader(source, destination, Ipv6Header.NEXT_UDP, length));
    }

    /** The checksum's 0 becomes 0xFFFF: 0 means "none" over IPv4 and is refused over IPv6 (RFC 768, RFC 8200 §8.1). */
    private static void write(byte[] f, int at, int sourcePort, int destinationPort, int length, long pseudoHeaderSum) {
        Bytes.put16(f, at, sourcePort);
        Bytes.put16(f, at + 2, destinationPort);
        Bytes.put16(f, at + 4, length);
        Bytes.put16(f, at + 6, 0);
        int checksum = Checksum.finish(pseudoHeaderSum + Checksum.sum(f, at, length));
        Bytes.put16(f, at + 6, checksum == 0 ? 0xFFFF : checksum);
    }
}
