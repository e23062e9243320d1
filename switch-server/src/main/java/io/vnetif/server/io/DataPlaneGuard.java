package io.vnetif.server.io;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of an error the data-plane thread cannot go on after. Every way into the thread that
 * owns the engine (a receive batch, a held frame coming back, a control call, a timer) hands what it
 * catches to {@link #check}: an {@link Error} — the JVM out of memory or stack, a class that would not
 * load — leaves the engine half-updated in a way nothing can repair (a frame half-forwarded, a ledger
 * that no longer balances, a queue mid-change), so the switch does not try to go on: it fails fast, once,
 * through the {@link Failure} it was given, and a supervisor starts a fresh one (clients re-attach by
 * themselves, as after any restart). Before, such an error was logged and the thread went on, or died:
 * the process stayed up with its sockets unread and every control call timing out — a zombie that only
 * SIGKILL ended. Exceptions (bugs in one frame's or call's handling) are not fatal: the caller logs them
 * and goes on, and the ledger shows any frame they lost. Thread-safe.
 */
public final class DataPlaneGuard {
    private static final Logger log = LoggerFactory.getLogger(DataPlaneGuard.class);

    /** What the switch does when its data plane has failed for good. */
    @FunctionalInterface
    public interface Failure {
        /**
         * Called once, on the thread that met the error (often the broken loop itself, maybe with the heap
         * full): must return at once, doing any lengthy work elsewhere, or end the process.
         */
        void failed(String where, Throwable cause);
    }

    /** Room kept for the way out: let go first, so that logging and failing need not find memory a full heap lacks. */
    private static final int RESERVE_BYTES = 1 << 20;

    private final Failure failure;
    private final AtomicBoolean failed = new AtomicBoolean();
    private volatile byte[] reserve = new byte[RESERVE_BYTES];

    public DataPlaneGuard(Failure failure) {
        this.failure = failure;
    }

    /** Whether the data plane cannot go on after {@code t}. */
    public static boolean isFatal(Throwable t) {
        return t instanceof Error;
    }

    /**
     * Fails the switch when {@code t} is fatal ({@link #isFatal}), the first time only. Callers pass a
     * constant {@code where}: with the heap full, building a text could throw before the switch fails.
     *
     * @return whether it was fatal (the caller then stops what it was doing)
     */
    public boolean check(String where, Throwable t) {
        if (!isFatal(t)) {
            return false;
        }
        fail(where, t);
        return true;
    }

    /** Fails the switch (the first time only): the data plane cannot go on. */
    public void fail(String where, Throwable cause) {
        if (failed.compareAndSet(false, true)) {
            reserve = null;
            try {
                log.error("the data plane failed in {}: {}; the switch stops instead of going on half-updated", where, cause.toString(),
                        cause);
            } catch (Throwable logFailed) { // out of memory for the log line as well: failing matters more than saying so
                System.err.println("vnetif-switch: the data plane failed");
            } finally {
                failure.failed(where, cause);
            }
        }
    }

    /** Whether the data plane has failed. */
    public boolean failed() {
        return failed.get();
    }

    /**
     * {@code task} with a fatal error it throws handed to {@link #check} (and kept from its executor,
     * which would only log it); an exception is logged and goes no further either, as Netty would do.
     */
    public Runnable guarded(String where, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                if (!check(where, t)) {
                    log.warn("{} failed", where, t);
                }
            }
        };
    }
}
