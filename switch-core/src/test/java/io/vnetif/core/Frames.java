package io.vnetif.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vnetif.api.MacAddress;
import io.vnetif.wire.Ethernet;

/** Builds Ethernet frames for tests. */
final class Frames {
    private Frames() {
    }

    static ByteBuf frame(MacAddress dst, MacAddress src, int payloadLength) {
        ByteBuf buf = Unpooled.buffer(Ethernet.HEADER_LENGTH + payloadLength);
        buf.writeBytes(dst.toBytes()).writeBytes(src.toBytes()).writeShort(0x88B5);
        for (int i = 0; i < payloadLength; i++) {
            buf.writeByte(i);
        }
        return buf;
    }
}
