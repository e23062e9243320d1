package io.vnetif.core;

import io.vnetif.core.impair.DelayScheduler;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/** A fake clock with a task queue: time moves only when a test says so, tasks run in due order. */
final class ManualScheduler implements DelayScheduler {
    private record Task(long due, long seq, Runnable run) {
    }

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    /** Extra random lateness per timer, as a busy event loop or a GC pause adds: timers fire out of order. */
    private java.util.SplittableRandom lateness;
    private long maxLatenessNanos;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long seq;

    /** From now on every timer fires up to {@code maxNanos} late, randomly. */
    void fireLate(long maxNanos, long seed) {
        lateness = new java.util.SplittableRandom(seed);
        maxLatenessNanos = maxNanos;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        long late = lateness == null ? 0 : lateness.nextLong(maxLatenessNanos + 1);
        tasks.add(new Task(clock.get() + delayNanos + late, seq++, task));
    }

    long now() {
        return clock.get();
    }

    /** Moves the clock forward, running every task that falls due on the way at its due time. */
    void advance(long nanos) {
        long end = clock.get() + nanos;
        while (!tasks.isEmpty() && tasks.peek().due <= end) {
            Task t = tasks.poll();
            clock.set(Math.max(clock.get(), t.due));
            t.run.run();
        }
        clock.set(end);
    }

    /** Runs everything still held. */
    void drain() {
        while (!tasks.isEmpty()) {
            advance(tasks.peek().due - clock.get());
        }
    }

    int pending() {
        return tasks.size();
    }
}
