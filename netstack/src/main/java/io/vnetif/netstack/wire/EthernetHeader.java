package io.vnetif.netstack.wire;

/** The Ethernet II header: destination, source, EtherType; then the payload. */
public final class EthernetHeader {
    public static final int LENGTH = 14;
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_IPV6 = 0x86DD;
    public static final int TYPE_VLAN = 0x8100;
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private EthernetHeader() {
    }

    public static long destination(byte[] f) {
        return Bytes.u48(f, 0);
    }

    public static long source(byte[] f) {
        return Bytes.u48(f, 6);
    }

    public static int type(byte[] f) {
        return Bytes.u16(f, 12);
    }

    public static void write(byte[] f, long destination, long source, int type) {
        Bytes.put48(f, 0, destination);
        Bytes.put48(f, 6, source);
        Bytes.put16(f, 12, type);
    }

    /** Whether the MAC is a group address (broadcast or multicast): the I/G bit of its first octet. */
    public static boolean isGroup(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }
}
