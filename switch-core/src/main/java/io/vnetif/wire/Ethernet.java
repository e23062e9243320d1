package io.vnetif.wire;

import io.netty.buffer.ByteBuf;

/** Field access to an Ethernet II header in a buffer, without copying. */
public final class Ethernet {
    /** Destination MAC, source MAC, EtherType. */
    public static final int HEADER_LENGTH = 14;
    /** Offset of the destination MAC. */
    public static final int DESTINATION_OFFSET = 0;
    /** Offset of the source MAC. */
    public static final int SOURCE_OFFSET = 6;
    /** Offset of the EtherType. */
    public static final int ETHERTYPE_OFFSET = 12;
    /** Smallest MTU (Ethernet payload) a port may have: the IPv4 minimum. */
    public static final int MIN_MTU = 68;
    /** Largest MTU a port may have (jumbo frames); it bounds every datagram of the wire format. */
    public static final int MAX_MTU = 9000;
    /** The MTU of a port that asks for none. */
    public static final int DEFAULT_MTU = 1500;

    private Ethernet() {
    }

    /** The destination MAC of the frame starting at {@code frameStart}, as 48 bits of a long. */
    public static long destination(ByteBuf buf, int frameStart) {
        return mac48(buf, frameStart + DESTINATION_OFFSET);
    }

    /** The source MAC of the frame starting at {@code frameStart}, as 48 bits of a long. */
    public static long source(ByteBuf buf, int frameStart) {
        return mac48(buf, frameStart + SOURCE_OFFSET);
    }

    private static long mac48(ByteBuf buf, int at) {
        return ((long) buf.getUnsignedShort(at) << 32) | buf.getUnsignedInt(at + 2);
    }
}
