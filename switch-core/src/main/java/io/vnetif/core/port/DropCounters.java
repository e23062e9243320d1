package io.vnetif.core.port;

import io.vnetif.api.DropReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * One counter per {@link DropReason}. Written by the engine's owning thread only; read through
 * {@link #snapshot()} on that same thread (see {@link io.vnetif.core.SwitchEngine} for the threading rule).
 */
public final class DropCounters {
    /** values() copies its array on every call; the counters read it on every snapshot. */
    private static final DropReason[] REASONS = DropReason.values();

    private final long[] counts = new long[REASONS.length];

    /** Counts one drop. */
    public void increment(DropReason reason) {
        counts[reason.ordinal()]++;
    }

    /** The count for one reason. */
    public long get(DropReason reason) {
        return counts[reason.ordinal()];
    }

    /** The sum over all reasons. */
    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** Non-zero counts by reason. */
    public Map<DropReason, Long> snapshot() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        addTo(out);
        return out;
    }

    /** Adds the non-zero counts into {@code sums} (for network totals). */
    void addTo(Map<DropReason, Long> sums) {
        for (DropReason r : REASONS) {
            long c = counts[r.ordinal()];
            if (c != 0) {
                sums.merge(r, c, Long::sum);
            }
        }
    }

    /** Sets every count to zero. */
    public void reset() {
        java.util.Arrays.fill(counts, 0);
    }
}
