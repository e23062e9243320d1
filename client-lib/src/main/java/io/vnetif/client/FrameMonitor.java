package io.vnetif.client;

import java.nio.ByteBuffer;

/**
 * Sees every frame an interface sends and delivers (MirageOS's {@code monitor_fn}), e.g. to record them
 * with {@link io.vnetif.client.pcapng.PcapngMonitor}. Called on the sender's thread for tx and the listener thread for rx; the
 * buffer is read-only and valid during the call only.
 */
@FunctionalInterface
public interface FrameMonitor {
    /** Which way a frame went. */
    enum Direction {
        /** Written by this interface. */
        TX,
        /** Delivered to this interface's listener. */
        RX
    }

    void frame(Direction direction, ByteBuffer frame, long wallClockNanos);
}
