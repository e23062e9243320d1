package io.vnetif.client;

import java.time.Instant;

/** Wall-clock nanoseconds since the Unix epoch, as capture timestamps want them. */
final class Clock {
    private Clock() {
    }

    static long nanos() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
