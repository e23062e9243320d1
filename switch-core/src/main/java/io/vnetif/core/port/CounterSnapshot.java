package io.vnetif.core.port;

import io.vnetif.api.DropReason;
import io.vnetif.api.ImpairmentOutcome;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of a port (or the sum over a network's ports) at one instant, from the port's point of view:
 * {@code tx} is what the port sent into the switch (authenticated frames, before ingress checks),
 * {@code rx} what the switch delivered to it.
 *
 * @param drops       non-zero drop counts by reason (impairment drops included)
 * @param impairments non-zero counts of what impairments did to the port's frames
 */
public record CounterSnapshot(long rxFrames, long rxBytes, long txFrames, long txBytes, Map<DropReason, Long> drops,
                              Map<ImpairmentOutcome, Long> impairments) {
    /** All zeros. */
    public static final CounterSnapshot ZERO = new CounterSnapshot(0, 0, 0, 0, Map.of(), Map.of());

    public CounterSnapshot {
        drops = Map.copyOf(drops);
        impairments = Map.copyOf(impairments);
    }

    /** How often impairments did {@code outcome} (0 when never). */
    public long impaired(ImpairmentOutcome outcome) {
        return impairments.getOrDefault(outcome, 0L);
    }

    /** The drop count for one reason (0 when none). */
    public long drops(DropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }

    /** The element-wise sum of two snapshots. */
    public CounterSnapshot plus(CounterSnapshot o) {
        Map<DropReason, Long> sum = new EnumMap<>(DropReason.class);
        sum.putAll(drops);
        o.drops.forEach((r, c) -> sum.merge(r, c, Long::sum));
        Map<ImpairmentOutcome, Long> impairedSum = new EnumMap<>(ImpairmentOutcome.class);
        impairedSum.putAll(impairments);
        o.impairments.forEach((i, c) -> impairedSum.merge(i, c, Long::sum));
        return new CounterSnapshot(rxFrames + o.rxFrames, rxBytes + o.rxBytes,
                txFrames + o.txFrames, txBytes + o.txBytes, sum, impairedSum);
    }
}
