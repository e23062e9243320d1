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
    private final Runnable flush = this::flush;
    private boolean flushPending;

    public LoopScheduler(EventLoop loop, DataOutputs outputs) {
        this.loop = loop;
        this.outputs = outputs;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        loop.schedule(() -> {
            task.run();
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
