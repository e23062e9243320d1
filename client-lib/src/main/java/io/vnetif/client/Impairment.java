package io.vnetif.client;

import io.vnetif.api.ImpairmentOutcome;
import java.util.Map;

/**
 * A rule in force on a switch, made by {@link ImpairmentBuilder#apply()}; closing it removes the rule
 * (idempotent), so try-with-resources undoes a fault at the end of a block.
 */
public final class Impairment implements AutoCloseable {
    private final SwitchControl control;
    private final SwitchControl.RuleInfo info;

    Impairment(SwitchControl control, SwitchControl.RuleInfo info) {
        this.control = control;
        this.info = info;
    }

    /** The rule's id on the switch. */
    public long id() {
        return info.id();
    }

    /** The network it acts on. */
    public String network() {
        return info.network();
    }

    /** The seed of its random decisions: give it to {@link ImpairmentBuilder#seed} to replay a run. */
    public long seed() {
        return info.seed();
    }

    /** netem-like text, e.g. {@code network: loss 1% delay 20ms 5ms normal}. */
    public String description() {
        return info.description();
    }

    /** What the rule did so far, by outcome (non-zero only); asks the switch. */
    public Map<ImpairmentOutcome, Long> counts() {
        return control.impairmentCounts(info.id());
    }

    /** How often the rule did {@code outcome} so far. */
    public long count(ImpairmentOutcome outcome) {
        return counts().getOrDefault(outcome, 0L);
    }

    /** Removes the rule; frames it holds (delayed) are still delivered. */
    @Override
    public void close() {
        control.removeImpairment(info.id());
    }

    @Override
    public String toString() {
        return "impairment " + info.id() + " on " + info.network() + " (" + info.description() + ", seed " + info.seed() + ")";
    }
}
