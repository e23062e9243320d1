package io.vnetif.wire;

import io.netty.buffer.ByteBuf;
import io.vnetif.core.DropReason;
import io.vnetif.core.Ethernet;
import io.vnetif.core.PortSpec;

/**
 * The 16-byte header of every vnetif data-plane datagram (specified in {@code proto/WIRE.md}), read and
 * written in place over a buffer. All fields are big-endian (network order).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Magic 0x564E ("VN")    |    Version    |     Type      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            Port Id                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                        Secret (64 bits)                       +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Ethernet frame, no FCS (type FRAME only) ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Offsets are relative to the buffer's reader index (reading) or writer index (writing).
 */
public final class DatagramHeader {
    /** "VN". */
    public static final int MAGIC = 0x564E;
    /** The only version this code speaks. */
    public static final int VERSION = 1;
    /** An Ethernet frame follows the header. */
    public static final int TYPE_FRAME = 1;
    /**
     * No payload. Sent by a client to bind its port to its source endpoint and to test the path; the
     * switch answers with a HELLO of its own.
     */
    public static final int TYPE_HELLO = 2;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 2;
    public static final int TYPE_OFFSET = 3;
    public static final int PORT_ID_OFFSET = 4;
    public static final int SECRET_OFFSET = 8;
    /** Header size; the frame starts here. */
    public static final int LENGTH = 16;
    /** The largest legal datagram: header and a frame of the largest MTU. */
    public static final int MAX_DATAGRAM_LENGTH = LENGTH + Ethernet.HEADER_LENGTH + PortSpec.MAX_MTU;

    private DatagramHeader() {
    }

    /**
     * Checks size, magic, version and type of the datagram at the reader index.
     *
     * @return {@code null} when the header is well formed, otherwise the drop reason
     */
    public static DropReason check(ByteBuf datagram) {
        int length = datagram.readableBytes();
        if (length > MAX_DATAGRAM_LENGTH) {
            return DropReason.DATAGRAM_TOO_LARGE;
        }
        if (length < LENGTH) {
            return DropReason.MALFORMED;
        }
        int at = datagram.readerIndex();
        if (datagram.getUnsignedShort(at + MAGIC_OFFSET) != MAGIC) {
            return DropReason.BAD_MAGIC;
        }
        if (datagram.getUnsignedByte(at + VERSION_OFFSET) != VERSION) {
            return DropReason.BAD_VERSION;
        }
        int type = type(datagram);
        if (type != TYPE_FRAME && type != TYPE_HELLO) {
            return DropReason.BAD_TYPE;
        }
        if (type == TYPE_HELLO && length != LENGTH) {
            return DropReason.MALFORMED;
        }
        return null;
    }

    /** The message type. */
    public static int type(ByteBuf datagram) {
        return datagram.getUnsignedByte(datagram.readerIndex() + TYPE_OFFSET);
    }

    /** The port id (an unsigned 32-bit value, held in an int). */
    public static int portId(ByteBuf datagram) {
        return datagram.getInt(datagram.readerIndex() + PORT_ID_OFFSET);
    }

    /** The port secret. */
    public static long secret(ByteBuf datagram) {
        return datagram.getLong(datagram.readerIndex() + SECRET_OFFSET);
    }

    /** Appends a header at the writer index (the frame, if any, is written after it by the caller). */
    public static void write(ByteBuf out, int type, int portId, long secret) {
        out.writeShort(MAGIC);
        out.writeByte(VERSION);
        out.writeByte(type);
        out.writeInt(portId);
        out.writeLong(secret);
    }
}
