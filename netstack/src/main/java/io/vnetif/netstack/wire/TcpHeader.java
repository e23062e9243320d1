package io.vnetif.netstack.wire;

/**
 * The TCP header (RFC 9293 §3.1) at {@code at}:
 * <pre>
 *  0  source port                destination port
 *  4  sequence number
 *  8  acknowledgment number
 * 12  data offset(4) rsv(3) flags(9)   window
 * 16  checksum                   urgent pointer
 * 20  options (data offset > 5)
 * </pre>
 */
public final class TcpHeader {
    public static final int MIN_LENGTH = 20;
    public static final int MAX_LENGTH = 60;
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    private TcpHeader() {
    }

    public static int sourcePort(byte[] f, int at) {
        return Bytes.u16(f, at);
    }

    public static int destinationPort(byte[] f, int at) {
        return Bytes.u16(f, at + 2);
    }

    public static int sequence(byte[] f, int at) {
        return Bytes.i32(f, at + 4);
    }

    public static int acknowledgment(byte[] f, int at) {
        return Bytes.i32(f, at + 8);
    }

    /** Header length in bytes, options included. */
    public static int headerLength(byte[] f, int at) {
        return (Bytes.u8(f, at + 12) >>> 4) * 4;
    }

    public static int flags(byte[] f, int at) {
        return Bytes.u8(f, at + 13) & 0x3F;
    }

    public static int window(byte[] f, int at) {
        return Bytes.u16(f, at + 14);
    }

    public static int urgentPointer(byte[] f, int at) {
        return Bytes.u16(f, at + 18);
    }

    /** Writes a header of {@code headerLength} bytes (options already written at {@code at + 20}), without the checksum. */
    public static void write(byte[] f, int at, int sourcePort, int destinationPort, int sequence, int acknowledgment, int headerLength,
                             int flags, int window) {
        Bytes.put16(f, at, sourcePort);
        Bytes.put16(f, at + 2, destinationPort);
        Bytes.put32(f, at + 4, sequence);
        Bytes.put32(f, at + 8, acknowledgment);
        Bytes.put8(f, at + 12, headerLength / 4 << 4);
        Bytes.put8(f, at + 13, flags);
        Bytes.put16(f, at + 14, window);
        Bytes.put16(f, at + 16, 0);
        Bytes.put16(f, at + 18, 0);
    }

    /** Fills in the checksum of the segment of {@code length} bytes (header and data) at {@code at}. */
    public static void checksum(byte[] f, int at, int length, int sourceIp, int destinationIp) {
        Bytes.put16(f, at + 16, 0);
        Bytes.put16(f, at + 16, Checksum.finish(Checksum.pseudoHeader(sourceIp, destinationIp, Ipv4Header.PROTOCOL_TCP, length)
                + Checksum.sum(f, at, length)));
    }

    /** Whether the segment's checksum is right. */
    public static boolean checksumValid(byte[] f, int at, int length, int sourceIp, int destinationIp) {
        return Checksum.valid(Checksum.pseudoHeader(sourceIp, destinationIp, Ipv4Header.PROTOCOL_TCP, length) + Checksum.sum(f, at, length));
    }

    /** Fills in the checksum of the segment at {@code at} over IPv6's pseudo header (RFC 8200 §8.1). */
    public static void checksum(byte[] f, int at, int length, Ipv6Address source, Ipv6Address destination) {
        Bytes.put16(f, at + 16, 0);
        Bytes.put16(f, at + 16, Checksum.finish(Checksum.pseudoHeader(source, destination, Ipv6Header.NEXT_TCP, length)
                + Checksum.sum(f, at, length)));
    }

    /** {@code SYN|ACK} style text of the flags, as tcpdump writes them. */
    public static String flagText(int flags) {
        StringBuilder b = new StringBuilder();
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};
        for (int i = 0; i < names.length; i++) {
            if ((flags & 1 << i) != 0) {
                b.append(b.length() == 0 ? "" : "|").append(names[i]);
            }
        }
        return b.length() == 0 ? "none" : b.toString();
    }
}
