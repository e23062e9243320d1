package io.vnetif.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.vnetif.api.DelayDistribution;
import io.vnetif.api.DropReason;
import io.vnetif.api.MacAddress;
import io.vnetif.core.impair.Delay;
import io.vnetif.core.impair.ImpairmentRule;
import io.vnetif.core.impair.ImpairmentSpec;
import io.vnetif.core.impair.Loss;
import io.vnetif.core.impair.RateLimit;
import io.vnetif.core.impair.Scope;
import io.vnetif.core.port.FrameLedger;
import io.vnetif.core.port.Port;
import io.vnetif.core.port.PortSpec;
import io.vnetif.core.port.RateCap;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The conservation invariant under churn and impairments: whatever a random program of attaches,
 * detaches, frames (good, spoofed, oversized, to anyone), rules, partitions, cuts, counter resets and
 * passing time does, after every step {@code received + copies = delivered + dropped + held}, and once
 * time has run out nothing is held.
 */
class LedgerPropertiesTest {
    private static final String NET = "lab";

    @Property(tries = 300)
    void theLedgerBalancesAfterEveryStep(@ForAll long seed) {
        Program p = new Program(new SplittableRandom(seed));
        for (int step = 0; step < 400; step++) {
            p.step();
            FrameLedger.Snapshot books = p.engine.ledger().snapshot();
            assertThat(books.unaccounted()).as("step %d (%s): %s", step, p.last, books).isZero();
            assertThat(books.held()).as("held").isNotNegative();
            assertThat(books.delivered()).as("step %d: delivered = frames the sinks accepted", step).isEqualTo(p.accepted);
        }
        p.scheduler.drain();
        FrameLedger.Snapshot end = p.engine.ledger().snapshot();
        assertThat(end.held()).as("held after time ran out").isZero();
        assertThat(end.unaccounted()).isZero();
    }

    /** One engine and a random walk over what can happen to it. */
    private static final class Program {
        final ManualScheduler scheduler = new ManualScheduler();
        final SwitchEngine engine;
        final SplittableRandom random;
        final List<Port> ports = new ArrayList<>();
        final List<ImpairmentRule> rules = new ArrayList<>();
        /** What the last step did, for the failure message. */
        String last = "";
        /** Frames the sinks accepted since the start or the last counter reset: what the ledger must call delivered. */
        long accepted;

        Program(SplittableRandom random) {
            this.random = random;
            this.engine = new SwitchEngine(SwitchLimits.DEFAULTS.withPortRateCap(new RateCap(random.nextBoolean() ? 0 : 500, 0)),
                    scheduler::now, new SplittableRandom(random.nextLong()), scheduler);
        }

        void step() {
            int what = random.nextInt(100);
            last = "step kind " + what;
            if (what < 8 || ports.size() < 2) {
                attach();
            } else if (what < 12) {
                engine.detach(ports.remove(random.nextInt(ports.size())));
            } else if (what < 70) {
                send();
            } else if (what < 78) {
                rules.add(engine.addImpairment(NET, randomRule()));
            } else if (what < 81 && !rules.isEmpty()) {
                engine.removeImpairment(rules.remove(random.nextInt(rules.size())).id());
            } else if (what < 84) {
                Port a = anyPort(), b = anyPort();
                if (a != b) {
                    engine.partition(NET, List.of(List.of(a.mac()), List.of(b.mac())));
                }
            } else if (what < 86) {
                Port a = anyPort(), b = anyPort();
                if (a != b) {
                    engine.cut(NET, a.mac(), b.mac());
                }
            } else if (what < 88) {
                engine.heal(NET);
            } else if (what < 89) {
                engine.resetCounters(null);
                accepted = 0;
            } else {
                scheduler.advance(random.nextLong(50_000_000L));
            }
        }

        private void attach() {
            boolean bridge = random.nextInt(4) == 0;
            int mtu = random.nextInt(4) == 0 ? 576 : 1500;
            // Some sinks refuse, as a transport does when a port has no endpoint yet or its socket is full.
            DropReason refusal = random.nextInt(4) == 0 ? DropReason.ENDPOINT_UNKNOWN : null;
            SplittableRandom sinkRandom = random.split();
            ports.add(engine.attach(NET, new PortSpec(null, mtu, "", bridge), frame -> {
                if (refusal != null && sinkRandom.nextBoolean()) {
                    return refusal;
                }
                accepted++;
                return null;
            }));
        }

        private Port anyPort() {
            return ports.get(random.nextInt(ports.size()));
        }

        private void send() {
            Port from = anyPort();
            MacAddress dst = switch (random.nextInt(4)) {
                case 0 -> MacAddress.BROADCAST;
                case 1 -> MacAddress.parse("01:00:5e:00:00:01");
                case 2 -> MacAddress.randomLocal(random);
                default -> anyPort().mac();
            };
            MacAddress src = random.nextInt(10) == 0 ? MacAddress.randomLocal(random) : from.mac();
            int payload = random.nextInt(10) == 0 ? random.nextInt(2000) : random.nextInt(100);
            last = "send " + payload + " bytes from " + from + " to " + dst + " rules " + engine.impairments(NET).stream().map(r -> r.spec().toString()).toList();
            engine.ingress(from, Frames.frame(dst, src, payload));
            if (random.nextInt(20) == 0) {
                engine.ingress(from, Unpooled.wrappedBuffer(new byte[random.nextInt(14)])); // runt
            }
        }

        private ImpairmentSpec randomRule() {
            Scope scope = switch (random.nextInt(4)) {
                case 0 -> Scope.network();
                case 1 -> Scope.sentBy(anyPort().mac());
                case 2 -> Scope.deliveredTo(anyPort().mac());
                default -> {
                    Port a = anyPort(), b = anyPort();
                    yield a == b ? Scope.network() : Scope.link(a.mac(), b.mac());
                }
            };
            ImpairmentSpec.Builder b = ImpairmentSpec.builder(scope).seed(random.nextLong());
            switch (random.nextInt(6)) {
                case 0 -> b.loss(new Loss(random.nextDouble(), 0));
                case 1 -> b.delay(new Delay(random.nextLong(20_000_000L), random.nextLong(10_000_000L), DelayDistribution.UNIFORM,
                        random.nextDouble() / 2));
                case 2 -> b.duplicate(random.nextDouble());
                case 3 -> b.rate(new RateLimit(1_000_000 + random.nextLong(10_000_000), 3000 + random.nextInt(20_000)));
                case 4 -> b.trailingBytes(1 + random.nextInt(64)).corrupt(random.nextDouble());
                default -> b.mtu(100 + random.nextInt(1400));
            }
            return b.build();
        }
    }
}
