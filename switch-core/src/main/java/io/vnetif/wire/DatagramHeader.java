package io.vnetif.wire;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;

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
 * +        Secret, or sequence number for sealed types (64 bits)  +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Ethernet frame, no FCS (type FRAME only) ...
 * |          or, sealed types: ciphertext of the frame, 16-byte tag
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Offsets are relative to the buffer's reader index (reading) or writer index (writing). The sealed
 * types are opened and written by {@link SealedCodec}.
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
    /** {@link #TYPE_FRAME}, encrypted and authenticated with the port's data key (AEAD). */
    public static final int TYPE_SEALED_FRAME = 3;
    /** {@link #TYPE_HELLO}, authenticated with the port's data key: an empty plaintext, so just the tag. */
    public static final int TYPE_SEALED_HELLO = 4;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 2;
    public static final int TYPE_OFFSET = 3;
    public static final int PORT_ID_OFFSET = 4;
    public static final int SECRET_OFFSET = 8;
    /** Where sealed types carry their sequence number: the secret's place (the tag authenticates them). */
    public static final int SEQUENCE_OFFSET = SECRET_OFFSET;
    /** Header size; the frame starts here. */
    public static final int LENGTH = 16;
    /** The AEAD tag that ends every sealed datagram. */
    public static final int TAG_LENGTH = 16;
    /** The largest legal plain datagram: header and a frame of the largest MTU. */
    public static final int MAX_PLAIN_DATAGRAM_LENGTH = LENGTH + Ethernet.HEADER_LENGTH + Ethernet.MAX_MTU;
    /** The largest legal datagram of any type: a sealed frame of the largest MTU. */
    public static final int MAX_DATAGRAM_LENGTH = MAX_PLAIN_DATAGRAM_LENGTH + TAG_LENGTH;

    private DatagramHeader() {
    }

    /**
     * Checks size, magic, version and type of the datagram at the reader index, and that its length
     * fits its type.
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
        return switch (type(datagram)) {
            case TYPE_FRAME -> length > MAX_PLAIN_DATAGRAM_LENGTH ? DropReason.DATAGRAM_TOO_LARGE : null;
            case TYPE_HELLO -> length != LENGTH ? DropReason.MALFORMED : null;
            case TYPE_SEALED_FRAME -> length < LENGTH + TAG_LENGTH ? DropReason.MALFORMED : null;
            case TYPE_SEALED_HELLO -> length != LENGTH + TAG_LENGTH ? DropReason.MALFORMED : null;
            default -> DropReason.BAD_TYPE;
        };
    }

    /** The message type. */
    public static int type(ByteBuf datagram) {
        return datagram.getUnsignedByte(datagram.readerIndex() + TYPE_OFFSET);
    }

    /** The port id (an unsigned 32-bit value, held in an int). */
    public static int portId(ByteBuf datagram) {
        return datagram.getInt(datagram.readerIndex() + PORT_ID_OFFSET);
    }

    /** The port secret (plain types). */
    public static long secret(ByteBuf datagram) {
        return datagram.getLong(datagram.readerIndex() + SECRET_OFFSET);
    }

    /** The sequence number (sealed types), an unsigned 64-bit value held in a long. */
    public static long sequence(ByteBuf datagram) {
        return datagram.getLong(datagram.readerIndex() + SEQUENCE_OFFSET);
    }

    /** Whether {@code type} is encrypted and authenticated with a data key rather than carrying the secret. */
    public static boolean isSealed(int type) {
        return type == TYPE_SEALED_FRAME || type == TYPE_SEALED_HELLO;
    }

    /** Whether {@code type} is a HELLO, plain or sealed. */
    public static boolean isHello(int type) {
        return type == TYPE_HELLO || type == TYPE_SEALED_HELLO;
    }

    /**
     * Appends a header at the writer index (the frame, if any, is written after it by the caller).
     *
     * @param secretOrSequence the secret for plain types, the sequence number for sealed ones
     */
    public static void write(ByteBuf out, int type, int portId, long secretOrSequence) {
        out.writeShort(MAGIC);
        out.writeByte(VERSION);
        out.writeByte(type);
        out.writeInt(portId);
        out.writeLong(secretOrSequence);
    }
}
