package io.vnetif.core.capture;

import io.netty.buffer.ByteBuf;
import io.vnetif.core.port.Port;

/**
 * Receives the frames a capture session selected, on the engine's thread: it must copy what it keeps
 * and return at once (hand off to another thread through a bounded queue, counting what does not fit).
 */
public interface CaptureSink {
    /** Which way a captured frame was going. */
    enum Direction {
        /** As the port sent it into the switch. */
        INGRESS,
        /** As the switch delivered it to the port (after impairments). */
        EGRESS
    }

    /** One frame between the buffer's reader and writer index; do not keep the buffer. */
    void frame(Port port, Direction direction, ByteBuf frame, long wallClockNanos);
}
