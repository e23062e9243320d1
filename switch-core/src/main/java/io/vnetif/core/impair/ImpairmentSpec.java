package io.vnetif.core.impair;

import io.vnetif.text.BitRate;
import io.vnetif.text.ByteSizes;
import io.vnetif.text.Durations;
import io.vnetif.text.Percentages;
import io.vnetif.wire.Ethernet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One impairment rule: where it acts, which frames it takes, what it does to them. Immutable; build
 * with {@link #builder(Scope)}. Effects apply in this order: blackout, MTU, loss, Gilbert-Elliott loss,
 * rate limit, corruption, trailing bytes, duplication, delay.
 *
 * @param seed seed of the rule's random generator; {@code null}: the switch picks one and reports it
 */
public record ImpairmentSpec(Scope scope, FrameMatch match, Loss loss, GilbertElliott gilbertElliott, Delay delay,
                             double duplicate, double corrupt, RateLimit rate, int mtu, int trailingBytes,
                             Blackout blackout, Long seed) {
    /** Most random bytes a rule appends (MirageOS's backend appends a few). */
    public static final int MAX_TRAILING_BYTES = 256;

    public ImpairmentSpec {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(match, "match");
        Probabilities.check("duplicate probability", duplicate);
        Probabilities.check("corrupt probability", corrupt);
        if (mtu < 0 || mtu > Ethernet.MAX_MTU) {
            throw new IllegalArgumentException("rule MTU " + mtu + " out of range 0.." + Ethernet.MAX_MTU);
        }
        if (trailingBytes < 0 || trailingBytes > MAX_TRAILING_BYTES) {
            throw new IllegalArgumentException("trailing bytes " + trailingBytes + " out of range 0.." + MAX_TRAILING_BYTES);
        }
    }

    /** A builder for a rule in {@code scope} that takes every frame and does nothing yet. */
    public static Builder builder(Scope scope) {
        return new Builder(scope);
    }

    /** The same rule with its seed fixed (the switch does this when none was given). */
    public ImpairmentSpec withSeed(long fixed) {
        return new ImpairmentSpec(scope, match, loss, gilbertElliott, delay, duplicate, corrupt, rate, mtu, trailingBytes,
                blackout, fixed);
    }

    /** True when the rule does nothing to any frame. */
    public boolean isNoOp() {
        return loss == null && gilbertElliott == null && delay == null && duplicate == 0 && corrupt == 0 && rate == null
                && mtu == 0 && trailingBytes == 0 && blackout == null;
    }

    /**
     * Where the rule acts, which frames it takes and what it does, as {@code vnetif impair list} shows it:
     * {@code delivered to 02:00:00:00:00:01, ip-proto tcp: loss 5%} (scope, the filters of
     * {@link FrameMatch#toString()} if any, then {@link #effects()}).
     */
    public String description() {
        return scope + (match.matchesAll() ? "" : ", " + match) + ": " + effects();
    }

    /**
     * netem-like text in the words the {@code vnetif impair} command reads: {@code loss 1% delay 20ms 5ms normal}
     * (the {@link io.vnetif.text} grammar, so the text reads back as the same rule).
     */
    public String effects() {
        List<String> parts = new ArrayList<>();
        if (blackout != null) {
            parts.add("blackout " + ByteSizes.format(blackout.afterBytes()) + " " + Durations.format(blackout.durationNanos()));
        }
        if (mtu > 0) {
            parts.add("mtu " + mtu);
        }
        if (loss != null) {
            parts.add("loss " + percent(loss.probability()) + (loss.correlation() > 0 ? " " + percent(loss.correlation()) : ""));
        }
        if (gilbertElliott != null) {
            GilbertElliott g = gilbertElliott;
            parts.add("gemodel " + percent(g.p()) + " " + percent(g.r()) + " " + percent(g.lossInBad()) + " " + percent(g.lossInGood()));
        }
        if (rate != null) {
            parts.add("rate " + BitRate.format(rate.bitsPerSecond()) + " queue " + ByteSizes.format(rate.queueBytes()));
        }
        if (corrupt > 0) {
            parts.add("corrupt " + percent(corrupt));
        }
        if (trailingBytes > 0) {
            parts.add("trailing " + trailingBytes);
        }
        if (duplicate > 0) {
            parts.add("duplicate " + percent(duplicate));
        }
        if (delay != null) {
            parts.add("delay " + Durations.format(delay.delayNanos()) + " " + Durations.format(delay.jitterNanos()) + " "
                    + delay.distribution().name().toLowerCase()
                    + (delay.reorderProbability() > 0 ? " reorder " + percent(delay.reorderProbability()) : ""));
        }
        return parts.isEmpty() ? "none" : String.join(" ", parts);
    }

    private static String percent(double p) {
        return Percentages.format(p);
    }

    /** Builds an {@link ImpairmentSpec}. */
    public static final class Builder {
        private Scope scope;
        private FrameMatch match = FrameMatch.ALL;
        private Loss loss;
        private GilbertElliott gilbertElliott;
        private Delay delay;
        private double duplicate;
        private double corrupt;
        private RateLimit rate;
        private int mtu;
        private int trailingBytes;
        private Blackout blackout;
        private Long seed;

        private Builder(Scope scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
        }

        public Builder scope(Scope value) {
            this.scope = Objects.requireNonNull(value, "scope");
            return this;
        }

        /** The frames taken so far. */
        public FrameMatch match() {
            return match;
        }

        public Builder match(FrameMatch value) {
            this.match = Objects.requireNonNull(value, "match");
            return this;
        }

        public Builder loss(Loss value) {
            this.loss = value;
            return this;
        }

        public Builder gilbertElliott(GilbertElliott value) {
            this.gilbertElliott = value;
            return this;
        }

        public Builder delay(Delay value) {
            this.delay = value;
            return this;
        }

        public Builder duplicate(double probability) {
            this.duplicate = probability;
            return this;
        }

        public Builder corrupt(double probability) {
            this.corrupt = probability;
            return this;
        }

        public Builder rate(RateLimit value) {
            this.rate = value;
            return this;
        }

        public Builder mtu(int value) {
            this.mtu = value;
            return this;
        }

        public Builder trailingBytes(int count) {
            this.trailingBytes = count;
            return this;
        }

        public Builder blackout(Blackout value) {
            this.blackout = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public ImpairmentSpec build() {
            return new ImpairmentSpec(scope, match, loss, gilbertElliott, delay, duplicate, corrupt, rate, mtu, trailingBytes,
                    blackout, seed);
        }
    }
}
