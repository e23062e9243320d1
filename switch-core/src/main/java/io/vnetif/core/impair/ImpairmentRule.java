package io.vnetif.core.impair;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.ImpairmentOutcome;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A live rule: its spec, its own seeded generator and state (correlated loss, Gilbert-Elliott chain,
 * token bucket, blackout), and what it did, by outcome. Every random decision of a rule comes from its
 * generator, in frame order, so the same seed and the same frames give the same decisions. Confined to
 * the engine's thread.
 */
public final class ImpairmentRule {
    private static final double PARETO_SHAPE = 3.0;

    private final long id;
    private final String network;
    private final ImpairmentSpec spec;
    private final SplittableRandom random;
    private final long[] counts = new long[ImpairmentOutcome.values().length];
    private boolean lastLost;
    private boolean badState;
    private long rateFreeAtNanos;
    private long blackoutBytes;
    private boolean blackoutStarted;
    private long blackoutEndsNanos;

    /** @param spec a spec whose seed is set */
    public ImpairmentRule(long id, String network, ImpairmentSpec spec) {
        this.id = id;
        this.network = network;
        this.spec = spec;
        this.random = new SplittableRandom(spec.seed());
    }

    public long id() {
        return id;
    }

    public String network() {
        return network;
    }

    /** The rule as created, seed included. */
    public ImpairmentSpec spec() {
        return spec;
    }

    /** Frames this rule affected, by outcome (non-zero only). */
    public Map<ImpairmentOutcome, Long> counts() {
        Map<ImpairmentOutcome, Long> out = new EnumMap<>(ImpairmentOutcome.class);
        for (ImpairmentOutcome i : ImpairmentOutcome.values()) {
            if (counts[i.ordinal()] != 0) {
                out.put(i, counts[i.ordinal()]);
            }
        }
        return out;
    }

    /** How often the rule did {@code outcome}. */
    public long count(ImpairmentOutcome outcome) {
        return counts[outcome.ordinal()];
    }

    /**
     * Applies the rule to one frame in transit (a no-op when the frame does not match).
     *
     * @return false when the rule dropped the frame ({@code transit.dropped} says why)
     */
    boolean apply(ByteBuf frame, Transit transit, long nowNanos) {
        if (!spec.match().test(frame)) {
            return true;
        }
        int length = transit.length;
        if (spec.blackout() != null && blackedOut(length, nowNanos)) {
            return drop(transit, ImpairmentOutcome.BLACKED_OUT);
        }
        if (spec.mtu() > 0 && length > spec.mtu() + 14) {
            return drop(transit, ImpairmentOutcome.OVER_MTU);
        }
        if (spec.loss() != null && randomlyLost(spec.loss())) {
            return drop(transit, ImpairmentOutcome.LOST);
        }
        if (spec.gilbertElliott() != null && burstLost(spec.gilbertElliott())) {
            return drop(transit, ImpairmentOutcome.LOST);
        }
        if (spec.rate() != null && !shape(spec.rate(), transit, nowNanos)) {
            return drop(transit, ImpairmentOutcome.QUEUE_FULL);
        }
        if (spec.corrupt() > 0 && length > Transit.FLIP_START && random.nextDouble() < spec.corrupt()) {
            transit.flipBit(random.nextInt((length - Transit.FLIP_START) * 8));
            counted(ImpairmentOutcome.CORRUPTED, transit);
        }
        if (spec.trailingBytes() > 0) {
            transit.addTrailer(spec.trailingBytes(), random);
            counted(ImpairmentOutcome.TRAILER_ADDED, transit);
        }
        if (spec.duplicate() > 0 && random.nextDouble() < spec.duplicate()) {
            transit.copies++;
            counted(ImpairmentOutcome.DUPLICATED, transit);
        }
        if (spec.delay() != null) {
            Delay d = spec.delay();
            if (d.reorderProbability() > 0 && random.nextDouble() < d.reorderProbability()) {
                transit.overtake = true;
                counted(ImpairmentOutcome.REORDERED, transit);
            } else {
                long sample = sampleDelay(d);
                transit.ordered = true;
                transit.delayNanos += sample;
                if (sample > 0) {
                    counted(ImpairmentOutcome.DELAYED, transit);
                }
            }
        }
        return true;
    }

    private boolean drop(Transit transit, ImpairmentOutcome outcome) {
        counts[outcome.ordinal()]++;
        transit.dropped = outcome;
        return false;
    }

    private void counted(ImpairmentOutcome outcome, Transit transit) {
        counts[outcome.ordinal()]++;
        transit.events.add(outcome);
    }

    private boolean blackedOut(int length, long nowNanos) {
        Blackout b = spec.blackout();
        if (blackoutStarted) {
            return nowNanos - blackoutEndsNanos < 0;
        }
        blackoutBytes += length;
        if (blackoutBytes >= b.afterBytes()) {
            blackoutStarted = true; // this frame passes; the next ones do not
            blackoutEndsNanos = nowNanos + b.durationNanos();
        }
        return false;
    }

    private boolean randomlyLost(Loss loss) {
        if (loss.correlation() > 0 && random.nextDouble() < loss.correlation()) {
            return lastLost; // repeat the previous decision: runs, same long-run rate
        }
        lastLost = random.nextDouble() < loss.probability();
        return lastLost;
    }

    private boolean burstLost(GilbertElliott g) {
        boolean lost = random.nextDouble() < (badState ? g.lossInBad() : g.lossInGood());
        badState = badState ? random.nextDouble() >= g.r() : random.nextDouble() < g.p();
        return lost;
    }

    /** Token bucket as a virtual FIFO: the frame leaves when the link has sent everything before it. */
    private boolean shape(RateLimit rate, Transit transit, long nowNanos) {
        long start = Math.max(nowNanos, rateFreeAtNanos);
        double backlogBytes = (start - nowNanos) * (rate.bitsPerSecond() / 8e9);
        if (backlogBytes > 0 && backlogBytes + transit.length > rate.queueBytes()) {
            return false; // an idle link always takes the frame; a busy one only what fits its queue
        }
        long departure = start + (long) (transit.length * 8e9 / rate.bitsPerSecond());
        rateFreeAtNanos = departure;
        transit.delayNanos += departure - nowNanos;
        transit.ordered = true;
        return true;
    }

    private long sampleDelay(Delay d) {
        double base = d.delayNanos();
        double j = d.jitterNanos();
        double value = switch (d.distribution()) {
            case UNIFORM -> base + (j == 0 ? 0 : (random.nextDouble() * 2 - 1) * j);
            case NORMAL -> base + j * gaussian();
            case PARETO -> base + j * standardPareto();
        };
        return Math.max(0, (long) value);
    }

    private double gaussian() {
        // Box-Muller from the rule's own generator (java.util.Random's would not be seeded by us).
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Pareto of shape 3 shifted and scaled to mean 0 and standard deviation 1 (right-skewed). */
    private double standardPareto() {
        double a = PARETO_SHAPE;
        double x = Math.pow(1.0 - random.nextDouble(), -1.0 / a); // Pareto(xm = 1, a)
        double mean = a / (a - 1);
        double sd = Math.sqrt(a / ((a - 1) * (a - 1) * (a - 2)));
        return (x - mean) / sd;
    }

    @Override
    public String toString() {
        return "rule " + id + " on " + network + ": " + spec.description() + " seed " + spec.seed();
    }
}
