package io.vnetif.netstack.wire;

/**
 * The IPv4 header (RFC 791) at {@code at} of a frame:
 * <pre>
 *  0      version(4) IHL(4)   TOS        total length
 *  4      identification               flags(3) fragment offset(13)
 *  8      TTL        protocol          header checksum
 * 12      source address
 * 16      destination address
 * 20      options (IHL > 5)
 * </pre>
 */
public final class Ipv4Header {
    public static final int MIN_LENGTH = 20;
    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    /** Don't fragment. */
    public static final int FLAG_DF = 0x4000;
    /** More fragments. */
    public static final int FLAG_MF = 0x2000;
    public static final int OFFSET_MASK = 0x1FFF;
    public static final int BROADCAST = 0xFFFF_FFFF;

    private Ipv4Header() {
    }

    /**
     * Why the bytes from {@code at} are not a well-formed IPv4 packet, or {@code null}: version, header
     * length, total length against what arrived, checksum.
     */
    public static String invalid(byte[] f, int at, int available) {
        if (available < MIN_LENGTH) {
            return "shorter than an IPv4 header";
        }
        if ((Bytes.u8(f, at) >>> 4) != 4) {
            return "not IPv4";
        }
        int headerLength = headerLength(f, at);
        if (headerLength < MIN_LENGTH || headerLength > available) {
            return "bad header length " + headerLength;
        }
        int total = totalLength(f, at);
        if (total < headerLength || total > available) {
            return "bad total length " + total;
        }
        if (!Checksum.valid(Checksum.sum(f, at, headerLength))) {
            return "bad header checksum";
        }
        return null;
    }

    public static int headerLength(byte[] f, int at) {
        return (Bytes.u8(f, at) & 0x0F) * 4;
    }

    public static int totalLength(byte[] f, int at) {
        return Bytes.u16(f, at + 2);
    }

    public static int identification(byte[] f, int at) {
        return Bytes.u16(f, at + 4);
    }

    public static int flagsAndOffset(byte[] f, int at) {
        return Bytes.u16(f, at + 6);
    }

    /** The fragment's offset in bytes. */
    public static int fragmentOffset(byte[] f, int at) {
        return (flagsAndOffset(f, at) & OFFSET_MASK) * 8;
    }

    public static boolean moreFragments(byte[] f, int at) {
        return (flagsAndOffset(f, at) & FLAG_MF) != 0;
    }

    public static boolean dontFragment(byte[] f, int at) {
        return (flagsAndOffset(f, at) & FLAG_DF) != 0;
    }

    public static int ttl(byte[] f, int at) {
        return Bytes.u8(f, at + 8);
    }

    public static int protocol(byte[] f, int at) {
        return Bytes.u8(f, at + 9);
    }

    public static int source(byte[] f, int at) {
        return Bytes.i32(f, at + 12);
    }

    public static int destination(byte[] f, int at) {
        return Bytes.i32(f, at + 16);
    }

    /** Writes a 20-byte header (no options) with its checksum. */
    public static void write(byte[] f, int at, int totalLength, int identification, int flagsAndOffset, int ttl, int protocol,
                             int source, int destination) {
        Bytes.put8(f, at, 0x45);
        Bytes.put8(f, at + 1, 0);
        Bytes.put16(f, at + 2, totalLength);
        Bytes.put16(f, at + 4, identification);
        Bytes.put16(f, at + 6, flagsAndOffset);
        Bytes.put8(f, at + 8, ttl);
        Bytes.put8(f, at + 9, protocol);
        Bytes.put16(f, at + 10, 0);
        Bytes.put32(f, at + 12, source);
        Bytes.put32(f, at + 16, destination);
        Bytes.put16(f, at + 10, Checksum.finish(Checksum.sum(f, at, MIN_LENGTH)));
    }

    /** Dotted-quad text of an address held in an int. */
    public static String text(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }
}
