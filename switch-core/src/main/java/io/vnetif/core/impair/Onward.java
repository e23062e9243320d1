package io.vnetif.core.impair;

import io.netty.buffer.ByteBuf;
import io.vnetif.core.port.Port;

/**
 * Where a frame goes once the rules let it: the network's forwarding (for frames a port sent) or its
 * delivery (for frames to a port). One instance each per network, so the impaired path allocates
 * nothing for frames the rules leave alone.
 */
@FunctionalInterface
public interface Onward {
    /** Passes {@code frame} on for {@code port} (its sender or its receiver); the caller keeps ownership. */
    void pass(Port port, ByteBuf frame);
}
