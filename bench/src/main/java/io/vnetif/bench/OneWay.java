package io.vnetif.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * One-way throughput over several pairs at once: one sender thread offers frames round-robin over the
 * pairs' {@code a} ends at a paced rate (see {@link Pacer}), the {@code b} ends count what arrives.
 * Loss is every offered frame not received (refused by a socket, dropped on the way or in a receive
 * buffer).
 */
final class OneWay {
    private static final long QUIET_MILLIS = 200;

    /** Offered and received frames per second over the sending time, loss as a fraction. */
    record Throughput(double offeredPerSecond, double deliveredPerSecond, double loss) {
    }

    private OneWay() {
    }

    static Throughput measure(List<EndpointPair> pairs, double offeredPerSecond, Duration duration) throws InterruptedException {
        LongAdder received = new LongAdder();
        pairs.forEach(p -> p.b().onReceive(tag -> {
            if (tag >= 0) { // not a late hello of the path's set-up
                received.increment();
            }
        }));
        Pacer pacer = new Pacer(offeredPerSecond);
        long offered = 0;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        int next = 0;
        while (System.nanoTime() < end) {
            pacer.awaitNext();
            pairs.get(next).a().send(offered++);
            next = next + 1 == pairs.size() ? 0 : next + 1;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long delivered = awaitQuiet(received);
        pairs.forEach(p -> p.b().onReceive(tag -> { }));
        return new Throughput(offered / seconds, delivered / seconds, 1.0 - (double) delivered / Math.max(1, offered));
    }

    /** Waits until nothing more arrives (the tail of the run drains from socket buffers). */
    private static long awaitQuiet(LongAdder received) throws InterruptedException {
        long last = -1;
        while (received.sum() != last) {
            last = received.sum();
            Thread.sleep(QUIET_MILLIS);
        }
        return last;
    }
}
