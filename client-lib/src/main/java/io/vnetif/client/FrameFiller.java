package io.vnetif.client;

import java.nio.ByteBuffer;

/** Writes a frame in place for {@link Vnetif#write(int, FrameFiller)}. */
@FunctionalInterface
public interface FrameFiller {
    /**
     * Writes a frame starting at index 0 of {@code buffer} (whose limit is the maximum length).
     *
     * @return the frame's length in bytes
     */
    int fill(ByteBuffer buffer);
}
