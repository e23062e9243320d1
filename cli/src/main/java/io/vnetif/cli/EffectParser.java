package io.vnetif.cli;

import io.vnetif.core.impair.Blackout;
import io.vnetif.core.impair.Delay;
import io.vnetif.proto.v1.BlackoutSpec;
import io.vnetif.proto.v1.DelaySpec;
import io.vnetif.proto.v1.GilbertElliottSpec;
import io.vnetif.proto.v1.ImpairmentSpec;
import io.vnetif.proto.v1.LossSpec;
import io.vnetif.proto.v1.RateSpec;
import io.vnetif.text.BitRate;
import io.vnetif.text.ByteSizes;
import io.vnetif.text.Durations;
import io.vnetif.text.Percentages;
import io.vnetif.wire.Ethernet;
import java.util.List;
import java.util.Locale;

/**
 * Reads netem-like effect words into a rule:
 * {@code loss 1% [25%]}, {@code gemodel P R [1-H [1-K]]}, {@code delay 20ms [5ms [uniform|normal|pareto]]},
 * {@code reorder 25%}, {@code duplicate 1%}, {@code corrupt 0.1%}, {@code rate 10mbit [queue 64kb]},
 * {@code mtu 1400}, {@code trailing 8}, {@code blackout 1mb 5s}, {@code seed 42}.
 * Errors name the word that is wrong.
 */
final class EffectParser {
    private final List<String> words;
    private final ImpairmentSpec.Builder spec;
    private int at;

    private EffectParser(List<String> words, ImpairmentSpec.Builder spec) {
        this.words = words;
        this.spec = spec;
    }

    /** Adds the effects in {@code words} to {@code spec}. */
    static void parse(List<String> words, ImpairmentSpec.Builder spec) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no effect given (e.g. loss 1% delay 20ms 5ms)");
        }
        new EffectParser(words, spec).parseAll();
    }

    private void parseAll() {
        while (at < words.size()) {
            String keyword = words.get(at++).toLowerCase(Locale.ROOT);
            try {
                parseEffect(keyword);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(keyword + ": " + e.getMessage(), e);
            }
        }
    }

    private void parseEffect(String keyword) {
        switch (keyword) {
            case "loss" -> {
                LossSpec.Builder loss = LossSpec.newBuilder().setProbability(Percentages.parse(next("a percentage")));
                if (hasPercent()) {
                    loss.setCorrelation(Percentages.parse(next("")));
                }
                spec.setLoss(loss);
            }
            case "gemodel" -> {
                GilbertElliottSpec.Builder g = GilbertElliottSpec.newBuilder().setP(Percentages.parse(next("p")));
                g.setR(hasPercent() ? Percentages.parse(next("")) : 1 - g.getP());
                // netem's 3rd and 4th values, "1-h" and "1-k", are the loss rates in the bad and good state.
                g.setLossInBad(hasPercent() ? Percentages.parse(next("")) : 1.0);
                if (hasPercent()) {
                    g.setLossInGood(Percentages.parse(next("")));
                }
                spec.setGilbertElliott(g);
            }
            case "delay" -> {
                DelaySpec.Builder d = spec.getDelay().toBuilder().setDelayNs(nanos(next("a duration"), Delay.MAX_NANOS, "delay"));
                if (at < words.size() && startsWithDigit(words.get(at))) {
                    d.setJitterNs(nanos(next(""), Delay.MAX_NANOS, "jitter"));
                    if (at < words.size() && isDistribution(words.get(at))) {
                        d.setDistribution(DelaySpec.Distribution.valueOf(words.get(at++).toUpperCase(Locale.ROOT)));
                    }
                }
                spec.setDelay(d);
            }
            case "reorder" -> spec.setDelay(spec.getDelay().toBuilder().setReorderProbability(Percentages.parse(next("a percentage"))));
            case "duplicate" -> spec.setDuplicate(Percentages.parse(next("a percentage")));
            case "corrupt" -> spec.setCorrupt(Percentages.parse(next("a percentage")));
            case "rate" -> {
                RateSpec.Builder r = RateSpec.newBuilder().setBitsPerSecond(BitRate.parse(next("a rate")));
                if (at < words.size() && words.get(at).equalsIgnoreCase("queue")) {
                    at++;
                    r.setQueueBytes(Units.intIn(Long.toString(ByteSizes.parse(next("a size"))), 0, Integer.MAX_VALUE));
                } else {
                    r.setQueueBytes(64 * 1024);
                }
                spec.setRate(r);
            }
            case "mtu" -> spec.setMtu(Units.intIn(next("a number"), 0, Ethernet.MAX_MTU));
            case "trailing" -> spec.setTrailingBytes(Units.intIn(next("a number of bytes"), 0, io.vnetif.core.impair.ImpairmentSpec.MAX_TRAILING_BYTES));
            case "blackout" -> spec.setBlackout(BlackoutSpec.newBuilder().setAfterBytes(ByteSizes.parse(next("a size")))
                    .setDurationNs(nanos(next("a duration"), Blackout.MAX_DURATION_NANOS, "blackout")));
            case "seed" -> spec.setSeed(Units.seed(next("a number")));
            default -> throw new IllegalArgumentException("unknown effect (want loss, gemodel, delay, reorder, duplicate, "
                    + "corrupt, rate, mtu, trailing, blackout or seed)");
        }
    }

    private String next(String what) {
        if (at >= words.size()) {
            throw new IllegalArgumentException("missing " + what);
        }
        return words.get(at++);
    }

    private boolean hasPercent() {
        return at < words.size() && words.get(at).endsWith("%");
    }

    private static boolean startsWithDigit(String word) {
        return !word.isEmpty() && Character.isDigit(word.charAt(0));
    }

    private static boolean isDistribution(String word) {
        return List.of("uniform", "normal", "pareto").contains(word.toLowerCase(Locale.ROOT));
    }

    /** A duration of at most {@code maxNanos}, in the words the user typed. */
    private static long nanos(String word, long maxNanos, String what) {
        long nanos = Durations.parse(word).toNanos();
        if (nanos > maxNanos) {
            throw new IllegalArgumentException("'" + word + "' is longer than " + Durations.format(maxNanos) + ", the longest " + what);
        }
        return nanos;
    }
}
