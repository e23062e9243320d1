package io.vnetif.netstack.wire;

/**
 * An ARP packet for IPv4 over Ethernet (RFC 826), at {@code at} of a frame: hardware type 1, protocol
 * 0x0800, lengths 6 and 4, an operation, the sender's MAC and IP, the target's MAC and IP.
 */
public final class ArpPacket {
    public static final int LENGTH = 28;
    public static final int REQUEST = 1;
    public static final int REPLY = 2;

    private ArpPacket() {
    }

    /**
     * Why the packet cannot be an IPv4-over-Ethernet ARP packet, or {@code null} when it can.
     *
     * @param length the bytes available from {@code at}
     */
    public static String invalid(byte[] f, int at, int length) {
        if (length < LENGTH) {
            return "shorter than an ARP packet";
        }
        if (Bytes.u16(f, at) != 1 || Bytes.u16(f, at + 2) != EthernetHeader.TYPE_IPV4 || Bytes.u8(f, at + 4) != 6
                || Bytes.u8(f, at + 5) != 4) {
            return "not IPv4 over Ethernet";
        }
        int op = operation(f, at);
        return op == REQUEST || op == REPLY ? null : "unknown operation " + op;
    }

    public static int operation(byte[] f, int at) {
        return Bytes.u16(f, at + 6);
    }

    public static long senderMac(byte[] f, int at) {
        return Bytes.u48(f, at + 8);
    }

    public static int senderIp(byte[] f, int at) {
        return Bytes.i32(f, at + 14);
    }

    public static long targetMac(byte[] f, int at) {
        return Bytes.u48(f, at + 18);
    }

    public static int targetIp(byte[] f, int at) {
        return Bytes.i32(f, at + 24);
    }

    public static void write(byte[] f, int at, int operation, long senderMac, int senderIp, long targetMac, int targetIp) {
        Bytes.put16(f, at, 1);
        Bytes.put16(f, at + 2, EthernetHeader.TYPE_IPV4);
        Bytes.put8(f, at + 4, 6);
        Bytes.put8(f, at + 5, 4);
        Bytes.put16(f, at + 6, operation);
        Bytes.put48(f, at + 8, senderMac);
        Bytes.put32(f, at + 14, senderIp);
        Bytes.put48(f, at + 18, targetMac);
        Bytes.put32(f, at + 24, targetIp);
    }
}
