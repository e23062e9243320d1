package io.vnetif.server.port;

import io.netty.buffer.ByteBuf;

/**
 * The 8-byte VXLAN header (RFC 7348 §5): flags (I = 0x08: VNI valid), 24 reserved bits, the 24-bit VNI,
 * 8 reserved bits; then the inner Ethernet frame.
 */
public final class VxlanHeader {
    static final int LENGTH = 8;
    static final int FLAG_VNI_VALID = 0x08;
    public static final int MAX_VNI = (1 << 24) - 1;

    private VxlanHeader() {
    }

    /** True when the datagram at the reader index is long enough and has the I flag. */
    static boolean valid(ByteBuf datagram) {
        return datagram.readableBytes() >= LENGTH && (datagram.getByte(datagram.readerIndex()) & FLAG_VNI_VALID) != 0;
    }

    static int vni(ByteBuf datagram) {
        return datagram.getUnsignedMedium(datagram.readerIndex() + 4);
    }

    static void write(ByteBuf out, int vni) {
        out.writeByte(FLAG_VNI_VALID).writeMedium(0).writeMedium(vni).writeByte(0);
    }
}
