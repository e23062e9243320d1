package io.vnetif.netstack.wire;

/**
 * The IPv6 header (RFC 8200 §3) at {@code at}: 40 bytes, no checksum, no options (those are extension
 * headers, walked by {@link Ipv6Payload}).
 * <pre>
 *  0  version(4) traffic class(8) flow label(20)
 *  4  payload length(16)  next header(8)  hop limit(8)
 *  8  source address (16 bytes)
 * 24  destination address (16 bytes)
 * </pre>
 */
public final class Ipv6Header {
    public static final int LENGTH = 40;
    /** RFC 8200 §5: every link carries packets of 1280 bytes; a path MTU is never believed below it. */
    public static final int MIN_MTU = 1280;
    public static final int NEXT_HOP_BY_HOP = 0;
    public static final int NEXT_TCP = 6;
    public static final int NEXT_UDP = 17;
    public static final int NEXT_ICMPV6 = 58;
    public static final int NEXT_DESTINATION_OPTIONS = 60;
    public static final int SOURCE_AT = 8;
    public static final int DESTINATION_AT = 24;

    private Ipv6Header() {
    }

    /** What is wrong with the header at {@code at} given {@code available} bytes, or null when it holds together. */
    public static String invalid(byte[] f, int at, int available) {
        if (available < LENGTH) {
            return "shorter than an IPv6 header";
        }
        if ((Bytes.u8(f, at) >>> 4) != 6) {
            return "version is not 6";
        }
        if (payloadLength(f, at) > available - LENGTH) {
            return "payload length beyond what arrived";
        }
        return null;
    }

    public static int payloadLength(byte[] f, int at) {
        return Bytes.u16(f, at + 4);
    }

    public static int nextHeader(byte[] f, int at) {
        return Bytes.u8(f, at + 6);
    }

    public static int hopLimit(byte[] f, int at) {
        return Bytes.u8(f, at + 7);
    }

    /** Writes the header: traffic class and flow label 0. */
    public static void write(byte[] f, int at, int payloadLength, int nextHeader, int hopLimit, Ipv6Address source,
                             Ipv6Address destination) {
        Bytes.put32(f, at, 0x6000_0000);
        Bytes.put16(f, at + 4, payloadLength);
        Bytes.put8(f, at + 6, nextHeader);
        Bytes.put8(f, at + 7, hopLimit);
        source.write(f, at + SOURCE_AT);
        destination.write(f, at + DESTINATION_AT);
    }

    /**
     * The unfolded sum of the pseudo header (RFC 8200 §8.1) of the upper-layer packet of the header at
     * {@code ipAt}: both addresses as they stand in it, the upper-layer length and next header.
     */
    public static long pseudoHeaderSum(byte[] f, int ipAt, int nextHeader, int upperLength) {
        return Checksum.sum(f, ipAt + SOURCE_AT, 2 * Ipv6Address.LENGTH) + upperLength + nextHeader;
    }
}
