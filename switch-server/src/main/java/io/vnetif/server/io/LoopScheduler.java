package io.vnetif.server.io;

import io.netty.channel.EventLoop;
import io.vnetif.core.impair.DelayScheduler;
import java.util.concurrent.TimeUnit;

/**
 * Brings held frames (delay, rate limits) back on the data-plane loop, and flushes what they queued:
 * outside a receive batch nobody else would. Flushes are coalesced, so frames falling due together
 * still leave in one sendmmsg. Confined to the loop.
 */
public final class LoopScheduler implements DelayScheduler {
    private final EventLoop loop;
    private final DataOutputs outputs;
    private final DataPlaneGuard guard;
    private final Runnable flush = this::flush;
    private boolean flushPending;

    /** @param guard where an error the data plane cannot go on after goes (a held frame's release met it) */
    public LoopScheduler(EventLoop loop, DataOutputs outputs, DataPlaneGuard guard) {
        this.loop = loop;
        this.outputs = outputs;
        this.guard = guard;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        loop.schedule(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                if (guard.check("the release of held frames", t)) {
                    return;
                }
                throw t; // a bug: Netty logs it, the loop goes on
            }
            if (!flushPending) {
                flushPending = true;
                loop.execute(flush);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void flush() {
        flushPending = false;
        outputs.flushAll();
    }
}
