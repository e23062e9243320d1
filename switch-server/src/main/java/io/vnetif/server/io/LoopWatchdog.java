package io.vnetif.server.io;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches that the data-plane thread still runs tasks: a probe handed to the loop every second must run
 * within the longest stall allowed, or the loop is taken for dead (stuck in one long call, so far behind
 * that every control call times out, or its thread gone) and the switch fails through its
 * {@link DataPlaneGuard}. What no catch sees — an error in Netty's
 * own code, a thread that died — then still ends in a clear exit, not in a process that answers nothing.
 * Runs on a daemon thread of its own.
 */
public final class LoopWatchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoopWatchdog.class);
    private static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventLoop loop;
    private final long maxStallNanos;
    private final DataPlaneGuard guard;
    private final Thread thread;
    /** When the probe now waiting was handed over; 0 when none waits (written by both threads). */
    private volatile long probeSentNanos;
    /** Made once: with the heap full, the watchdog must not need memory to go on watching. */
    private final Runnable probe = () -> probeSentNanos = 0;
    private volatile boolean closed;

    private LoopWatchdog(EventLoop loop, Duration maxStall, DataPlaneGuard guard) {
        this.loop = loop;
        this.maxStallNanos = maxStall.toNanos();
        this.guard = guard;
        this.thread = new Thread(this::watch, "vnetif-loop-watchdog");
        thread.setDaemon(true);
    }

    /** Starts watching {@code loop}. */
    public static LoopWatchdog start(EventLoop loop, Duration maxStall, DataPlaneGuard guard) {
        LoopWatchdog watchdog = new LoopWatchdog(loop, maxStall, guard);
        watchdog.thread.start();
        return watchdog;
    }

    private void watch() {
        try {
            watchUntilClosed();
        } catch (Throwable t) { // out of memory here too: the switch is as good as failed
            guard.fail("the loop watchdog", t);
        }
    }

    private void watchUntilClosed() {
        long interval = Math.min(PROBE_INTERVAL_NANOS, Math.max(1, maxStallNanos / 4));
        while (!closed && !guard.failed()) {
            long sent = probeSentNanos;
            long now = System.nanoTime();
            if (sent != 0 && now - sent > maxStallNanos) {
                guard.fail("the data-plane loop", new IllegalStateException("the data-plane thread has not run a task handed to it "
                        + TimeUnit.NANOSECONDS.toMillis(now - sent) + " ms ago (the longest stall allowed is "
                        + TimeUnit.NANOSECONDS.toMillis(maxStallNanos) + " ms): stuck, or its thread has ended"));
                return;
            }
            if (sent == 0) {
                probeSentNanos = now;
                try {
                    loop.execute(probe);
                } catch (RejectedExecutionException e) {
                    if (!closed) {
                        guard.fail("the data-plane loop", new IllegalStateException("the data-plane loop has ended", e));
                    }
                    return;
                }
            }
            try {
                TimeUnit.NANOSECONDS.sleep(interval); // a timer of its own: the loop it watches cannot be its clock
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops watching: the switch is closing (its loop will refuse probes). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        log.debug("loop watchdog stopped");
    }
}
