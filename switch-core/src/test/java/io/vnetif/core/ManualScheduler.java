package io.vnetif.core;

import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/** A fake clock with a task queue: time moves only when a test says so, tasks run in due order. */
final class ManualScheduler implements DelayScheduler {
    private record Task(long due, long seq, Runnable run) {
    }

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long seq;

    @Override
    public void schedule(Runnable task, long delayNanos) {
        tasks.add(new Task(clock.get() + delayNanos, seq++, task));
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
