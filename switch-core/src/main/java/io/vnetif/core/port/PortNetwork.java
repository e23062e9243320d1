package io.vnetif.core.port;

import io.netty.buffer.ByteBuf;

/**
 * The network a port is attached to, as far as the port needs to know it: its name, and the way in for
 * the frames the port sends. The engine's {@code Network} is the one implementation; the interface
 * keeps this package below the engine (a port knows its network without depending on it).
 */
public interface PortNetwork {
    /** The network's name. */
    String name();

    /**
     * Takes one frame sent by {@code from} at {@code nowNanos}; the frame lies between the buffer's
     * reader and writer index and the caller keeps ownership.
     */
    void ingress(Port from, ByteBuf frame, long nowNanos);
}
