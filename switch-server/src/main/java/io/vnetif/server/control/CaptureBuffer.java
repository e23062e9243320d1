package io.vnetif.server.control;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes captured frames may take while they wait for slow readers, shared by every capture session
 * of the switch: each frame is charged its copy and the objects around it, taken on the engine's thread
 * and given back by the session's sender thread. Without a shared bound, sessions that nobody reads would
 * each hold their full queue: 16 of them held 390 MiB.
 */
final class CaptureBuffer {
    /** What a queued frame costs beside its bytes: the record, the array's header, the queue's slot. */
    static final int PER_FRAME_OVERHEAD_BYTES = 96;

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    CaptureBuffer(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes} if they fit; false (nothing taken) if not. */
    boolean take(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void give(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Bytes taken now. */
    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }
}
