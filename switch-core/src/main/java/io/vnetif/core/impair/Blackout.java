package io.vnetif.core.impair;

/**
 * MirageOS's "drop everything for T seconds after N bytes": matching frames pass until {@code afterBytes}
 * bytes went through, then every matching frame is dropped for {@code durationNanos}, then traffic
 * passes again (once: the blackout does not repeat).
 */
public record Blackout(long afterBytes, long durationNanos) {
    public Blackout {
        if (afterBytes < 0 || durationNanos <= 0 || durationNanos > 86_400_000_000_000L) {
            throw new IllegalArgumentException("blackout needs bytes >= 0 and a duration from 1 ns to 24 h");
        }
    }
}
