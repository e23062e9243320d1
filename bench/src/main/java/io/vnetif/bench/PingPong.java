package io.vnetif.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Round trips over one pair, one ping in flight: {@code a} sends, {@code b} echoes, and {@code a}'s
 * receive thread times the answer and sends the next ping at once (no hand-off to another thread, which
 * would add its own wake-up latency). A ping unanswered for {@link #GIVE_UP_MILLIS} counts as lost and
 * is replaced by a new one; late answers to it are ignored by tag. The first pings warm up and are not
 * recorded.
 */
final class PingPong {
    private static final long GIVE_UP_MILLIS = 200;
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Endpoint pinger;
    private final int warmup;
    private final int total;
    private final Histogram nanos = new Histogram(HIGHEST_NANOS, 3);
    private final CountDownLatch done = new CountDownLatch(1);
    private long tag;
    private long sentAt;
    private long answered;
    private long lost;

    private PingPong(EndpointPair pair, int warmup, int pings) {
        this.pinger = pair.a();
        this.warmup = warmup;
        this.total = warmup + pings;
        Endpoint echo = pair.b();
        echo.onReceive(echo::send);
        pinger.onReceive(this::answer);
    }

    /** Runs {@code warmup} unrecorded round trips, then {@code pings} recorded ones. */
    static Latency measure(EndpointPair pair, int warmup, int pings) throws InterruptedException {
        return new PingPong(pair, warmup, pings).run();
    }

    private Latency run() throws InterruptedException {
        long seen = -1;
        synchronized (this) {
            sendNext();
        }
        while (!done.await(GIVE_UP_MILLIS, TimeUnit.MILLISECONDS)) {
            synchronized (this) {
                if (answered == seen) {
                    lost++;
                    sendNext();
                }
                seen = answered;
            }
        }
        return Latency.of(nanos, lost);
    }

    private synchronized void answer(long answeredTag) {
        if (answeredTag != tag || done.getCount() == 0) {
            return; // an answer to a ping given up on
        }
        long rtt = System.nanoTime() - sentAt;
        if (++answered > warmup) {
            nanos.recordValue(Math.min(rtt, HIGHEST_NANOS));
        }
        if (answered == total) {
            done.countDown();
        } else {
            sendNext();
        }
    }

    private void sendNext() {
        tag++;
        sentAt = System.nanoTime();
        pinger.send(tag);
    }
}
