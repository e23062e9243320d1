package io.vnetif.core.impair;

import io.vnetif.api.DelayDistribution;

/**
 * Added latency, as netem's {@code delay D [J] [distribution]}: frames are held for D plus a random
 * variation of scale J. Frames keep their order (a frame never leaves before one held earlier on the
 * same receiving port) unless {@code reorderProbability} is set: then that share of frames is sent at
 * once, overtaking the held ones (netem's {@code reorder}).
 *
 * @param delayNanos  mean delay
 * @param jitterNanos scale of the variation: half-width (uniform), standard deviation (normal, pareto)
 */
public record Delay(long delayNanos, long jitterNanos, DelayDistribution distribution, double reorderProbability) {
    /** Longest delay and jitter accepted: beyond that it is an outage; use a partition or a blackout. */
    public static final long MAX_NANOS = 60_000_000_000L;

    public Delay {
        if (delayNanos < 0 || jitterNanos < 0) {
            throw new IllegalArgumentException("delay and jitter must not be negative");
        }
        if (delayNanos > MAX_NANOS || jitterNanos > MAX_NANOS) {
            throw new IllegalArgumentException("delay and jitter are limited to 60 s (for longer, use a partition or a blackout)");
        }
        Probabilities.check("reorder probability", reorderProbability);
        if (reorderProbability > 0 && delayNanos == 0 && jitterNanos == 0) {
            // netem refuses it too: a frame can only overtake frames that a delay holds back.
            throw new IllegalArgumentException("reorder needs a delay: only frames a delay holds back can be overtaken "
                    + "(e.g. delay 10ms reorder 25%)");
        }
        if (distribution == null) {
            distribution = DelayDistribution.UNIFORM;
        }
    }
}
