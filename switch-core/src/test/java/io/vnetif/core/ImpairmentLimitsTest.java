package io.vnetif.core;

import static io.vnetif.core.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.ImpairmentOutcome;
import io.vnetif.api.MacAddress;
import io.vnetif.api.Refusal;
import io.vnetif.core.impair.Delay;
import io.vnetif.core.impair.ImpairmentSpec;
import io.vnetif.core.impair.Impairments;
import io.vnetif.core.impair.Loss;
import io.vnetif.core.impair.Scope;
import io.vnetif.core.port.Port;
import io.vnetif.core.port.PortSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The control state impairments take is bounded (rules, cuts, partitions), and a frame's cost does not
 * grow with rules that cannot apply to it: 100 000 rules were once accepted, and every frame of their
 * network walked all of them (2.5 to 5.5 ms per frame on the one data-plane thread).
 */
class ImpairmentLimitsTest {
    private final ManualScheduler time = new ManualScheduler();

    private static MacAddress mac(int i) {
        return MacAddress.fromLong(0x020000000000L + i);
    }

    private static ImpairmentSpec rule(Scope scope) {
        return rule(scope, 0.5);
    }

    private static ImpairmentSpec rule(Scope scope, double loss) {
        return ImpairmentSpec.builder(scope).loss(new Loss(loss, 0)).seed(1).build();
    }

    private static void assertRefused(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ControlException.class, e -> {
            assertThat(e.refusal()).isEqualTo(Refusal.RESOURCE_EXHAUSTED);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void rulesCutsAndPartitionsOfANetworkAreBounded() {
        SwitchLimits limits = new SwitchLimits(4, 8, 64, 1_000_000_000L)
                .withImpairments(ImpairmentLimits.DEFAULTS.withRulesPerNetwork(3).withCutsPerNetwork(2));
        SwitchEngine engine = new SwitchEngine(limits, time::now, new SplittableRandom(1), time);
        for (int i = 0; i < 3; i++) {
            engine.addImpairment("lab", rule(Scope.network()));
        }
        assertRefused(() -> engine.addImpairment("lab", rule(Scope.deliveredTo(mac(1)))),
                "network 'lab' already has 3 impairment rules (limit 3, --max-rules-per-network)");
        engine.addImpairment("other", rule(Scope.network())); // the limit is per network

        engine.cut("lab", mac(1), mac(2));
        engine.cut("lab", mac(2), mac(1));
        engine.cut("lab", mac(2), mac(1)); // cut already: nothing new
        assertRefused(() -> engine.cut("lab", mac(1), mac(3)), "network 'lab' already has 2 cut links (limit 2, --max-cuts-per-network)");
        engine.uncut("lab", mac(1), mac(2));
        engine.cut("lab", mac(1), mac(3));

        List<MacAddress> five = List.of(mac(1), mac(2), mac(3), mac(4), mac(5));
        assertRefused(() -> engine.partition("lab", List.of(five, List.of(mac(6), mac(7), mac(8), mac(9)))),
                "the partition names 9 ports; a network has at most 8 (--max-ports-per-network)");
        engine.partition("lab", List.of(five, List.of(mac(6), mac(7), mac(8))));
        assertThat(engine.network("lab").impairments().partitions()).hasSize(2);
    }

    /**
     * A frame meets only the rules that can apply to it, however many the network holds for other ports:
     * counted as work done (rules a frame is run through), where the switch once walked all 100 000 rules
     * for every frame (2.5 to 5.5 ms per frame on the one data-plane thread).
     */
    @Test
    void aFrameMeetsOnlyTheRulesThatCanApplyToIt() {
        SwitchLimits limits = SwitchLimits.DEFAULTS.withImpairments(ImpairmentLimits.DEFAULTS.withRulesPerNetwork(100_001));
        SwitchEngine engine = new SwitchEngine(limits, time::now, new SplittableRandom(2), time);
        AtomicLong delivered = new AtomicLong();
        Port a = engine.attach("lab", new PortSpec(mac(1), 1500, "a", false), f -> null);
        Port b = engine.attach("lab", new PortSpec(mac(2), 1500, "b", false), f -> {
            delivered.incrementAndGet();
            return null;
        });
        engine.ingress(b, frame(MacAddress.BROADCAST, b.mac(), 50)); // learned
        engine.addImpairment("lab", rule(Scope.deliveredTo(b.mac()), 0.5)); // the one rule a's frames to b meet
        for (int i = 0; i < 100_000; i++) {
            MacAddress other = mac(1000 + i % 1000);
            Scope scope = switch (i % 3) {
                case 0 -> Scope.sentBy(other);
                case 1 -> Scope.deliveredTo(other);
                default -> Scope.link(other, b.mac()); // to b, but from another sender: never a's frames
            };
            engine.addImpairment("lab", rule(scope, 1.0)); // met, each would lose every frame
        }
        Impairments rules = engine.network("lab").impairments();
        long metBefore = rules.rulesMet();

        ByteBuf toB = frame(b.mac(), a.mac(), 50);
        for (int i = 0; i < 1000; i++) {
            engine.ingress(a, toB);
        }
        assertThat(rules.rulesMet() - metBefore).as("rules 1000 frames from a to b were run through").isEqualTo(1000);
        assertThat(delivered.get()).as("about half of the frames: the one rule they meet loses half").isBetween(400L, 600L);
        assertThat(rules.rules().get(0).count(ImpairmentOutcome.LOST)).isEqualTo(1000 - delivered.get());
        assertThat(rules.rules().subList(1, rules.ruleCount())).allSatisfy(r -> assertThat(r.counts()).as("rule %d", r.id()).isEmpty());
    }

    /** A held backlog leaves in slices, so the thread can serve other networks between them. */
    @Test
    void aBacklogFallingDueTogetherLeavesInSlices() {
        List<Runnable> timers = new ArrayList<>();
        List<Long> timerDelays = new ArrayList<>();
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        SwitchEngine engine = new SwitchEngine(SwitchLimits.DEFAULTS, clock::get, new SplittableRandom(3), (task, delayNanos) -> {
            timers.add(task);
            timerDelays.add(delayNanos);
        });
        AtomicLong delivered = new AtomicLong();
        Port a = engine.attach("lab", new PortSpec(mac(1), 1500, "a", false), f -> null);
        engine.attach("lab", new PortSpec(mac(2), 1500, "b", false), f -> {
            delivered.incrementAndGet();
            return null;
        });
        engine.addImpairment("lab", ImpairmentSpec.builder(Scope.network()).delay(new Delay(1_000_000L, 0, null, 0)).seed(1).build());
        for (int i = 0; i < 1000; i++) {
            engine.ingress(a, frame(mac(2), a.mac(), 50));
        }
        assertThat(timers).hasSize(1);
        clock.addAndGet(1_000_000L); // every frame is due
        int fired = 0;
        while (fired < timers.size()) {
            long before = delivered.get();
            timers.get(fired++).run();
            assertThat(delivered.get() - before).as("frames one timer releases").isLessThanOrEqualTo(256);
        }
        assertThat(fired).isEqualTo(4);
        assertThat(timerDelays.subList(1, 4)).as("the rest wait for a timer armed at once").containsOnly(0L);
        assertThat(delivered.get()).isEqualTo(1000);
    }
}
