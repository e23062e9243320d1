package io.vnetif.netstack.wire;

/** The UDP header (RFC 768): source port, destination port, length (header included), checksum (0: none). */
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

    /** Writes the header and the checksum over the pseudo header and {@code length} bytes of datagram (0 becomes 0xFFFF). */
    public static void write(byte[] f, int at, int sourcePort, int destinationPort, int length, int sourceIp, int destinationIp) {
        Bytes.put16(f, at, sourcePort);
        Bytes.put16(f, at + 2, destinationPort);
        Bytes.put16(f, at + 4, length);
        Bytes.put16(f, at + 6, 0);
        int checksum = Checksum.finish(Checksum.pseudoHeader(sourceIp, destinationIp, Ipv4Header.PROTOCOL_UDP, length)
                + Checksum.sum(f, at, length));
        Bytes.put16(f, at + 6, checksum == 0 ? 0xFFFF : checksum);
    }
}
