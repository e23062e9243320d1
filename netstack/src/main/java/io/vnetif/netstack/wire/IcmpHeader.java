package io.vnetif.netstack.wire;

/**
 * An ICMPv4 message (RFC 792) at {@code at}: type, code, checksum over the whole message, then 4 bytes
 * that depend on the type (echo: identifier and sequence; fragmentation needed: the next hop's MTU in the
 * low 16 bits), then data (echo: payload; errors: the offending IP header and 8 bytes of it).
 */
public final class IcmpHeader {
    public static final int LENGTH = 8;
    public static final int ECHO_REPLY = 0;
    public static final int DESTINATION_UNREACHABLE = 3;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int CODE_PORT_UNREACHABLE = 3;
    public static final int CODE_FRAGMENTATION_NEEDED = 4;

    private IcmpHeader() {
    }

    public static int type(byte[] f, int at) {
        return Bytes.u8(f, at);
    }

    public static int code(byte[] f, int at) {
        return Bytes.u8(f, at + 1);
    }

    public static int identifier(byte[] f, int at) {
        return Bytes.u16(f, at + 4);
    }

    public static int sequence(byte[] f, int at) {
        return Bytes.u16(f, at + 6);
    }

    /** The next-hop MTU of a fragmentation-needed message (RFC 1191), 0 from routers that predate it. */
    public static int nextHopMtu(byte[] f, int at) {
        return Bytes.u16(f, at + 6);
    }

    /** Writes the header (rest-of-header word given) and the checksum over {@code length} bytes of message. */
    public static void write(byte[] f, int at, int type, int code, int restOfHeader, int length) {
        Bytes.put8(f, at, type);
        Bytes.put8(f, at + 1, code);
        Bytes.put16(f, at + 2, 0);
        Bytes.put32(f, at + 4, restOfHeader);
        Bytes.put16(f, at + 2, Checksum.finish(Checksum.sum(f, at, length)));
    }
}
