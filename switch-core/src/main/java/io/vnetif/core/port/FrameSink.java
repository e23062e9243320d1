package io.vnetif.core.port;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;

/**
 * Where the engine delivers the frames a port receives: the port's encapsulation (native UDP, in-process
 * queue, later VXLAN or raw UDP).
 *
 * <p>Buffer ownership: the engine keeps ownership of {@code frame}. The sink reads it between
 * {@code readerIndex} and {@code writerIndex} with absolute accessors (or copies it), must not change its
 * indices and must not keep it after returning unless it calls {@code retain()} / {@code retainedSlice()}.
 * The same buffer is handed to every port of a flood.
 */
@FunctionalInterface
public interface FrameSink {
    /**
     * Delivers one Ethernet frame (no FCS).
     *
     * @return {@code null} when the frame was handed to the transport, otherwise why it was dropped
     *         (counted on the receiving port)
     */
    DropReason deliver(ByteBuf frame);
}
