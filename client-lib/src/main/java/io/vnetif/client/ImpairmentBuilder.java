package io.vnetif.client;

import io.vnetif.api.DelayDistribution;
import io.vnetif.api.MacAddress;
import io.vnetif.core.impair.Blackout;
import io.vnetif.core.impair.Delay;
import io.vnetif.core.impair.GilbertElliott;
import io.vnetif.core.impair.ImpairmentSpec;
import io.vnetif.core.impair.Loss;
import io.vnetif.core.impair.RateLimit;
import io.vnetif.core.impair.Scope;
import java.time.Duration;

/**
 * Builds an impairment rule fluently and puts it in force with {@link #apply()}:
 * <pre>{@code
 * try (Impairment lossy = lan.impair("lab").deliveredTo(server.mac()).loss(0.05).delay(ms(20), ms(5)).apply()) {
 *     ... // 5 % of the frames to the server are lost, the rest arrive 20 ms ± 5 ms late
 * }
 * }</pre>
 * Without a scope the rule acts on every delivery of the network. Probabilities are fractions
 * (0.05 = 5 %). Every random decision comes from the rule's seed: give one to replay a run, or read
 * the one the switch picked from {@link Impairment#seed()}.
 */
public final class ImpairmentBuilder {
    private final SwitchControl control;
    private final String network;
    private final ImpairmentSpec.Builder spec = ImpairmentSpec.builder(Scope.network());
    // A Delay is built from several calls (delay, reorder), so its parts wait here until spec().
    private long delayNanos;
    private long jitterNanos;
    private DelayDistribution distribution = DelayDistribution.UNIFORM;
    private double reorder;
    private boolean delaySet;

    ImpairmentBuilder(SwitchControl control, String network) {
        this.control = control;
        this.network = network;
    }

    /** Acts on frames as {@code port} sends them, before switching (a lost frame reaches no one). */
    public ImpairmentBuilder sentBy(MacAddress port) {
        spec.scope(Scope.sentBy(port));
        return this;
    }

    /** Acts on frames as they are delivered to {@code port}. */
    public ImpairmentBuilder deliveredTo(MacAddress port) {
        spec.scope(Scope.deliveredTo(port));
        return this;
    }

    /** Acts on frames from {@code from} to {@code to} only (one direction). */
    public ImpairmentBuilder between(MacAddress from, MacAddress to) {
        spec.scope(Scope.link(from, to));
        return this;
    }

    /** Only frames of this EtherType (e.g. 0x0806 for ARP). */
    public ImpairmentBuilder onlyEtherType(int etherType) {
        spec.match(spec.match().withEtherType(etherType));
        return this;
    }

    /** Only IP frames of this protocol (6 TCP, 17 UDP, 1 ICMP). */
    public ImpairmentBuilder onlyIpProtocol(int protocol) {
        spec.match(spec.match().withIpProtocol(protocol));
        return this;
    }

    /** Only frames of {@code min..max} bytes (Ethernet header included). */
    public ImpairmentBuilder onlySizes(int min, int max) {
        spec.match(spec.match().withSize(min, max));
        return this;
    }

    /** Only frames to this destination MAC. */
    public ImpairmentBuilder onlyTo(MacAddress destination) {
        spec.match(spec.match().withDestination(destination));
        return this;
    }

    /** Loses each frame with {@code probability}. */
    public ImpairmentBuilder loss(double probability) {
        return loss(probability, 0);
    }

    /** Loses frames with {@code probability}, repeating the previous decision with {@code correlation}. */
    public ImpairmentBuilder loss(double probability, double correlation) {
        spec.loss(new Loss(probability, correlation));
        return this;
    }

    /** Bursty loss (Gilbert): bursts start with {@code p} per frame and end with {@code r}. */
    public ImpairmentBuilder burstLoss(double p, double r) {
        spec.gilbertElliott(GilbertElliott.gilbert(p, r));
        return this;
    }

    /** Gilbert-Elliott loss with the loss probability of each state. */
    public ImpairmentBuilder gilbertElliott(double p, double r, double lossInBad, double lossInGood) {
        spec.gilbertElliott(new GilbertElliott(p, r, lossInBad, lossInGood));
        return this;
    }

    /** Holds every frame for {@code delay}. */
    public ImpairmentBuilder delay(Duration delay) {
        return delay(delay, Duration.ZERO, DelayDistribution.UNIFORM);
    }

    /** Holds frames for {@code delay} ± {@code jitter} (uniform); order is kept. */
    public ImpairmentBuilder delay(Duration delay, Duration jitter) {
        return delay(delay, jitter, DelayDistribution.UNIFORM);
    }

    /** Holds frames for {@code delay} with {@code jitter} distributed as given; order is kept. */
    public ImpairmentBuilder delay(Duration delay, Duration jitter, DelayDistribution shape) {
        delayNanos = delay.toNanos();
        jitterNanos = jitter.toNanos();
        distribution = shape;
        delaySet = true;
        return this;
    }

    /**
     * With a delay: sends this share of frames at once, overtaking the held ones. Without a delay nothing is
     * held to overtake, so {@link #apply()} refuses it.
     */
    public ImpairmentBuilder reorder(double probability) {
        reorder = probability;
        delaySet = true;
        return this;
    }

    /** Sends frames twice with {@code probability}. */
    public ImpairmentBuilder duplicate(double probability) {
        spec.duplicate(probability);
        return this;
    }

    /** Flips one random bit of a frame with {@code probability}. */
    public ImpairmentBuilder corrupt(double probability) {
        spec.corrupt(probability);
        return this;
    }

    /** Limits the rate to {@code bitsPerSecond} with a FIFO of {@code queueBytes}; overflow is dropped. */
    public ImpairmentBuilder rate(long bitsPerSecond, int queueBytes) {
        spec.rate(new RateLimit(bitsPerSecond, queueBytes));
        return this;
    }

    /** Drops frames longer than {@code mtu} + 14 bytes. */
    public ImpairmentBuilder mtu(int value) {
        spec.mtu(value);
        return this;
    }

    /** Appends {@code count} random bytes to every frame. */
    public ImpairmentBuilder trailingBytes(int count) {
        spec.trailingBytes(count);
        return this;
    }

    /** Lets {@code afterBytes} bytes through, then drops everything for {@code duration} (once). */
    public ImpairmentBuilder blackout(long afterBytes, Duration duration) {
        spec.blackout(new Blackout(afterBytes, duration.toNanos()));
        return this;
    }

    /** Seeds the rule's random decisions (to replay a run). */
    public ImpairmentBuilder seed(long value) {
        spec.seed(value);
        return this;
    }

    /** The rule as specified so far. */
    ImpairmentSpec spec() {
        return spec.delay(delaySet ? new Delay(delayNanos, jitterNanos, distribution, reorder) : null).build();
    }

    /**
     * Puts the rule in force at once, for every port of the network; nobody re-attaches.
     *
     * @throws IllegalArgumentException when the rule is invalid or does nothing
     */
    public Impairment apply() {
        return new Impairment(control, control.addImpairment(network, spec()));
    }
}
