package io.vnetif.client;

import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a {@link FrameMonitor} so that a failing one breaks neither sending nor delivery. */
final class Monitors {
    private static final Logger log = LoggerFactory.getLogger(Monitors.class);

    private Monitors() {
    }

    static void show(FrameMonitor monitor, FrameMonitor.Direction direction, ByteBuffer frame) {
        try {
            monitor.frame(direction, frame, Clock.nanos());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            log.warn("frame monitor threw; the frame went on", e);
        }
    }
}
