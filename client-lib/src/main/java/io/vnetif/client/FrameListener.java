package io.vnetif.client;

import java.nio.ByteBuffer;

/** Receives the frames delivered to a {@link Vnetif}. */
@FunctionalInterface
public interface FrameListener {
    /**
     * One received Ethernet frame (no FCS) between position and limit of a read-only buffer. The
     * buffer is only valid during the call: copy what you keep. Exceptions thrown here are logged and
     * do not stop delivery.
     */
    void onFrame(ByteBuffer frame);
}
