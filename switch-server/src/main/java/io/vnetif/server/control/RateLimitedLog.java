package io.vnetif.server.control;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one log line through per interval and counts the ones it holds back, so a flood of bad calls
 * costs a counter increment each, not a log line: the line that gets through says how many were left
 * out since the last one. Thread-safe (gRPC calls fail on many threads).
 */
final class RateLimitedLog {
    /** The interval of the switch's refusal logs. */
    static final long INTERVAL_NANOS = 5_000_000_000L;

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextNanos;
    private final AtomicLong held = new AtomicLong();

    RateLimitedLog() {
        this(INTERVAL_NANOS, System::nanoTime);
    }

    RateLimitedLog(long intervalNanos, LongSupplier nanoClock) {
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
        this.nextNanos = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Whether a line may be logged now.
     *
     * @return -1 when not (counted as held back), else how many were held back since the last line
     */
    long admit() {
        long now = nanoClock.getAsLong();
        long next = nextNanos.get();
        if (now - next < 0 || !nextNanos.compareAndSet(next, now + intervalNanos)) {
            held.incrementAndGet();
            return -1;
        }
        return held.getAndSet(0);
    }

    /** " (and N more since the last report)" for {@code held} > 0, else empty: the tail of a line {@link #admit} let through. */
    static String andMore(long held, String what) {
        return held <= 0 ? "" : " (and " + held + " more " + what + " since the last report)";
    }
}
