package io.vnetif.netstack.wire;

/**
 * The options of a neighbour discovery message (RFC 4861 §4.6), read into a holder reused for every
 * message: the link-layer addresses, the MTU and the first prefix. Each option is a type, a length in units
 * of 8 bytes (never 0), and its body; options the stack does not know are skipped (§4.6).
 */
public final class NdpOptions {
    public static final int SOURCE_LINK_ADDRESS = 1;
    public static final int TARGET_LINK_ADDRESS = 2;
    public static final int PREFIX_INFORMATION = 3;
    public static final int MTU = 5;
    /** Bytes of a link-layer address option for Ethernet. */
    public static final int LINK_ADDRESS_LENGTH = 8;

    /** The source link-layer address, or -1 without one. */
    public long sourceMac;
    /** The target link-layer address, or -1 without one. */
    public long targetMac;
    /** The MTU option's value, or -1 without one. */
    public long mtu;
    /** The first prefix information option's prefix length, or -1 without one. */
    public int prefixLength;
    public int prefixFlags;
    public long prefixValidSeconds;
    public long prefixPreferredSeconds;
    /** Where the first prefix's 16 bytes are in the message read, or -1. */
    public int prefixAt;

    /**
     * Reads the options from {@code from} to {@code to}.
     *
     * @return what is wrong (a message with such options is to be discarded), or null
     */
    public String read(byte[] f, int from, int to) {
        sourceMac = -1;
        targetMac = -1;
        mtu = -1;
        prefixLength = -1;
        prefixAt = -1;
        int o = from;
        while (o < to) {
            if (to - o < 2) {
                return "an option cut short";
            }
            int type = Bytes.u8(f, o);
            int length = Bytes.u8(f, o + 1) * 8;
            if (length == 0) {
                return "an option of length 0 (RFC 4861 §4.6)";
            }
            if (length > to - o) {
                return "an option beyond the message";
            }
            switch (type) {
                case SOURCE_LINK_ADDRESS, TARGET_LINK_ADDRESS -> {
                    if (length != LINK_ADDRESS_LENGTH) {
                        return "a link-layer address option of " + length + " bytes (Ethernet's is 8)";
                    }
                    long mac = Bytes.u48(f, o + 2);
                    if (EthernetHeader.isGroup(mac)) {
                        return "a group MAC as a link-layer address";
                    }
                    if (type == SOURCE_LINK_ADDRESS) {
                        sourceMac = mac;
                    } else {
                        targetMac = mac;
                    }
                }
                case MTU -> {
                    if (length != 8) {
                        return "an MTU option of " + length + " bytes (it has 8)";
                    }
                    mtu = Bytes.i32(f, o + 4) & 0xFFFF_FFFFL;
                }
                case PREFIX_INFORMATION -> {
                    if (length != 32) {
                        return "a prefix information option of " + length + " bytes (it has 32)";
                    }
                    if (prefixAt < 0) {
                        prefixLength = Bytes.u8(f, o + 2);
                        prefixFlags = Bytes.u8(f, o + 3);
                        prefixValidSeconds = Bytes.i32(f, o + 4) & 0xFFFF_FFFFL;
                        prefixPreferredSeconds = Bytes.i32(f, o + 8) & 0xFFFF_FFFFL;
                        prefixAt = o + 16;
                        if (prefixLength > 128) {
                            return "a prefix length above 128";
                        }
                    }
                }
                default -> {
                    // RFC 4861 §4.6: options not understood are skipped
                }
            }
            o += length;
        }
        return null;
    }

    /** Writes a link-layer address option ({@link #SOURCE_LINK_ADDRESS} or {@link #TARGET_LINK_ADDRESS}) at {@code at}; returns its end. */
    public static int writeLinkAddress(byte[] f, int at, int type, long mac) {
        Bytes.put8(f, at, type);
        Bytes.put8(f, at + 1, 1);
        Bytes.put48(f, at + 2, mac);
        return at + LINK_ADDRESS_LENGTH;
    }

    /** Writes an MTU option at {@code at}; returns its end. */
    public static int writeMtu(byte[] f, int at, int mtu) {
        Bytes.put8(f, at, MTU);
        Bytes.put8(f, at + 1, 1);
        Bytes.put16(f, at + 2, 0);
        Bytes.put32(f, at + 4, mtu);
        return at + 8;
    }

    /** Writes a prefix information option at {@code at}; returns its end. */
    public static int writePrefix(byte[] f, int at, Ipv6Address prefix, int prefixLength, int flags, int validSeconds, int preferredSeconds) {
        Bytes.put8(f, at, PREFIX_INFORMATION);
        Bytes.put8(f, at + 1, 4);
        Bytes.put8(f, at + 2, prefixLength);
        Bytes.put8(f, at + 3, flags);
        Bytes.put32(f, at + 4, validSeconds);
        Bytes.put32(f, at + 8, preferredSeconds);
        Bytes.put32(f, at + 12, 0);
        prefix.write(f, at + 16);
        return at + 32;
    }
}
