package io.vnetif.core.impair;

/**
 * MirageOS's "drop everything for T seconds after N bytes": matching frames pass until {@code afterBytes}
 * bytes went through, then every matching frame is dropped for {@code durationNanos}, then traffic
 * passes again (once: the blackout does not repeat).
 */
public record Blackout(long afterBytes, long durationNanos) {
    /** Longest blackout: a day. */
    public static final long MAX_DURATION_NANOS = 86_400_000_000_000L;

    public Blackout {
        if (afterBytes < 0 || durationNanos <= 0 || durationNanos > MAX_DURATION_NANOS) {
            throw new IllegalArgumentException("blackout needs bytes >= 0 and a duration from 1 ns to 24 h");
        }
    }
}
