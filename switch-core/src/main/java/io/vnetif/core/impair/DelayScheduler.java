package io.vnetif.core.impair;

/**
 * Runs a task later on the engine's owning thread (or under its lock): how delayed and rate-limited
 * frames come back without a sleeping thread per frame. The server uses its event loop's timer, the
 * in-process switch one timer thread, tests a manual clock.
 */
@FunctionalInterface
public interface DelayScheduler {
    /** Runs {@code task} after {@code delayNanos}, serialized with every other engine call. */
    void schedule(Runnable task, long delayNanos);
}
