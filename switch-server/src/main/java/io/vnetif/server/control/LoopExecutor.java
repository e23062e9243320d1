package io.vnetif.server.control;

import io.netty.channel.EventLoop;
import io.vnetif.server.io.DataPlaneGuard;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs control operations on the data-plane event loop, the one thread that owns the engine, and waits
 * for them. Control operations are short (no I/O), so the wait is bounded by a generous timeout that
 * only a wedged loop would hit.
 */
public final class LoopExecutor {
    /** How long a control call waits for the loop: generous, since only a wedged loop takes this long. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final EventLoop loop;
    private final DataPlaneGuard guard;
    private final Duration timeout;

    /** @param guard where an error the data plane cannot go on after goes (a control operation met it) */
    public LoopExecutor(EventLoop loop, DataPlaneGuard guard) {
        this(loop, guard, TIMEOUT);
    }

    /** With another timeout (tests). */
    LoopExecutor(EventLoop loop, DataPlaneGuard guard, Duration timeout) {
        this.loop = loop;
        this.guard = guard;
        this.timeout = timeout;
    }

    /** Runs {@code op} on the loop; its exceptions are rethrown as they are. */
    <T> T call(Callable<T> op) {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("control operation called on the event loop itself");
        }
        io.netty.util.concurrent.Future<T> future;
        try {
            future = loop.submit(op);
        } catch (RejectedExecutionException e) {
            throw new LoopUnavailableException("the switch is shutting down", e);
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (CancellationException e) {
            throw new LoopUnavailableException("the switch is shutting down", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (guard.check("a control operation", cause)) {
                throw new LoopUnavailableException("the switch's data plane failed (" + cause + ") and the switch is stopping", cause);
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoopUnavailableException("interrupted while waiting for the switch's data-plane loop (shutting down?)", e);
        } catch (TimeoutException e) {
            future.cancel(false); // never run it after its caller gave up
            throw new LoopUnavailableException("the switch's data-plane loop did not answer within " + timeout.toMillis()
                    + " ms: it is overloaded or stuck (the switch's log may say why); try again", e);
        }
    }
}
