package io.vnetif.core;

import static io.vnetif.core.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnetif.api.DropReason;
import io.vnetif.api.MacAddress;
import io.vnetif.api.Refusal;
import io.vnetif.core.port.CounterSnapshot;
import io.vnetif.core.port.FrameLedger;
import io.vnetif.core.port.Port;
import io.vnetif.core.port.PortSpec;
import io.vnetif.core.port.RateCap;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SwitchEngineTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private SwitchEngine engine = new SwitchEngine(SwitchLimits.DEFAULTS, clock::get, new SplittableRandom(1), SwitchEngineTest::noDelays);

    private static void noDelays(Runnable task, long delayNanos) {
        throw new AssertionError("no rule here delays frames");
    }

    private static PortSpec spec(String mac) {
        return new PortSpec(MacAddress.parse(mac), 1500, "", false);
    }

    private Port attach(String network, String mac, RecordingSink sink) {
        return engine.attach(network, spec(mac), sink);
    }

    @Test
    void broadcastReachesEveryOtherPortButNotTheSender() {
        RecordingSink a = new RecordingSink(), b = new RecordingSink(), c = new RecordingSink();
        Port pa = attach("lab", "02:00:00:00:00:0a", a);
        attach("lab", "02:00:00:00:00:0b", b);
        attach("lab", "02:00:00:00:00:0c", c);

        engine.ingress(pa, frame(MacAddress.BROADCAST, pa.mac(), 50));

        assertThat(a.frames).isEmpty();
        assertThat(b.frames).hasSize(1);
        assertThat(c.frames).hasSize(1);
        assertThat(b.frames.get(0)).isEqualTo(frame(MacAddress.BROADCAST, pa.mac(), 50).array());
    }

    /** A port's own MAC is known from its attach (a static entry): its unicast never floods, even before it spoke. */
    @Test
    void aPortIsFoundByItsMacWithoutLearningAndUnknownUnicastFloods() {
        RecordingSink a = new RecordingSink(), b = new RecordingSink(), c = new RecordingSink();
        Port pa = attach("lab", "02:00:00:00:00:0a", a);
        Port pb = attach("lab", "02:00:00:00:00:0b", b);
        attach("lab", "02:00:00:00:00:0c", c);

        engine.ingress(pa, frame(pb.mac(), pa.mac(), 10)); // b never spoke: still only b
        assertThat(b.frames).hasSize(1);
        assertThat(c.frames).isEmpty();

        engine.ingress(pa, frame(MacAddress.parse("02:00:00:00:00:99"), pa.mac(), 10)); // nobody's: flooded
        assertThat(b.frames).hasSize(2);
        assertThat(c.frames).hasSize(1);
        assertThat(engine.macTableSize(engine.requireNetwork("lab"))).as("ports are not learned: they need no room").isZero();
    }

    /** A station behind a bridge port is learned: unknown, its unicast floods; learned, it goes to the bridge only. */
    @Test
    void aStationBehindABridgeIsLearned() {
        RecordingSink a = new RecordingSink(), bridgeSink = new RecordingSink(), c = new RecordingSink();
        Port pa = attach("lab", "02:00:00:00:00:0a", a);
        Port bridge = engine.attach("lab", new PortSpec(MacAddress.parse("02:00:00:00:00:0b"), 1500, "", true), bridgeSink);
        attach("lab", "02:00:00:00:00:0c", c);
        MacAddress station = MacAddress.parse("02:00:00:00:01:01");

        engine.ingress(pa, frame(station, pa.mac(), 10)); // not learned yet: flood
        assertThat(bridgeSink.frames).hasSize(1);
        assertThat(c.frames).hasSize(1);

        engine.ingress(bridge, frame(pa.mac(), station, 10)); // the station speaks through the bridge
        assertThat(a.frames).hasSize(1);
        engine.ingress(pa, frame(station, pa.mac(), 10)); // learned: to the bridge only
        assertThat(bridgeSink.frames).hasSize(2);
        assertThat(c.frames).hasSize(1);
    }

    @Test
    void multicastIsFloodedEvenWhenTheAddressWasSeen() {
        RecordingSink a = new RecordingSink(), b = new RecordingSink(), c = new RecordingSink();
        Port bridge = engine.attach("lab", new PortSpec(MacAddress.parse("02:00:00:00:00:0a"), 1500, "", true), a);
        attach("lab", "02:00:00:00:00:0b", b);
        Port pc = attach("lab", "02:00:00:00:00:0c", c);
        MacAddress group = MacAddress.parse("01:00:5e:00:00:fb");

        engine.ingress(bridge, frame(MacAddress.BROADCAST, group, 10)); // a group source is never learned
        engine.ingress(pc, frame(group, pc.mac(), 10));

        assertThat(a.frames).hasSize(1);
        assertThat(b.frames).hasSize(2);
    }

    @Test
    void learnedEntriesAgeOutAndThenFramesFloodAgain() {
        engine = new SwitchEngine(SwitchLimits.DEFAULTS.withMacAging(Duration.ofSeconds(10)), clock::get, new SplittableRandom(1), SwitchEngineTest::noDelays);
        RecordingSink a = new RecordingSink(), b = new RecordingSink(), c = new RecordingSink();
        Port pa = engine.attach("lab", new PortSpec(MacAddress.parse("02:00:00:00:00:0a"), 1500, "", true), a);
        Port pb = engine.attach("lab", new PortSpec(MacAddress.parse("02:00:00:00:00:0b"), 1500, "", true), b);
        attach("lab", "02:00:00:00:00:0c", c);
        MacAddress behindA = MacAddress.parse("02:00:00:00:01:0a");
        MacAddress behindB = MacAddress.parse("02:00:00:00:01:0b");
        engine.ingress(pb, frame(MacAddress.BROADCAST, behindB, 10));
        assertThat(engine.macTableSize(engine.requireNetwork(pa.network().name()))).isEqualTo(1);

        clock.addAndGet(Duration.ofSeconds(9).toNanos());
        engine.ingress(pa, frame(behindB, behindA, 10));
        assertThat(c.frames).hasSize(1); // only the first broadcast: the station behind b is still known

        clock.addAndGet(Duration.ofSeconds(11).toNanos());
        engine.ingress(pa, frame(behindB, behindA, 10));
        assertThat(c.frames).hasSize(2); // aged out: flooded
        assertThat(engine.macTableSize(engine.requireNetwork(pa.network().name()))).isEqualTo(1); // only the one behind a, refreshed just now
    }

    @Test
    void anAddressMovesWhenItAppearsOnAnotherPort() {
        RecordingSink a = new RecordingSink(), b = new RecordingSink(), c = new RecordingSink();
        PortSpec bridgeSpec = new PortSpec(null, 1500, "bridge", true);
        Port bridge1 = engine.attach("lab", bridgeSpec, a);
        Port bridge2 = engine.attach("lab", bridgeSpec, b);
        Port pc = attach("lab", "02:00:00:00:00:0c", c);
        MacAddress vm = MacAddress.parse("02:00:00:00:99:01");

        engine.ingress(bridge1, frame(MacAddress.BROADCAST, vm, 10));
        engine.ingress(pc, frame(vm, pc.mac(), 10));
        assertThat(a.frames).hasSize(1);

        engine.ingress(bridge2, frame(MacAddress.BROADCAST, vm, 10)); // the VM migrated
        engine.ingress(pc, frame(vm, pc.mac(), 10));
        assertThat(a.frames).hasSize(2); // the VM's broadcast, not the unicast after it
        assertThat(b.frames).hasSize(2); // the first broadcast and the unicast
    }

    @Test
    void detachForgetsThePortsEntriesAndFreesItsMac() {
        RecordingSink a = new RecordingSink(), b = new RecordingSink(), c = new RecordingSink();
        Port pa = attach("lab", "02:00:00:00:00:0a", a);
        Port pb = attach("lab", "02:00:00:00:00:0b", b);
        attach("lab", "02:00:00:00:00:0c", c);
        engine.ingress(pb, frame(MacAddress.BROADCAST, pb.mac(), 10));

        engine.detach(pb);
        engine.ingress(pa, frame(pb.mac(), pa.mac(), 10));

        assertThat(b.frames).isEmpty();
        assertThat(c.frames).hasSize(2); // broadcast, then the now-unknown unicast flooded
        assertThat(engine.port(pb.id())).isNull();
        assertThat(attach("lab", "02:00:00:00:00:0b", new RecordingSink()).mac()).isEqualTo(pb.mac());
    }

    @Test
    void networksAreIsolated() {
        RecordingSink a = new RecordingSink(), b = new RecordingSink();
        Port pa = attach("red", "02:00:00:00:00:0a", a);
        attach("blue", "02:00:00:00:00:0b", b);
        engine.ingress(pa, frame(MacAddress.BROADCAST, pa.mac(), 10));
        assertThat(b.frames).isEmpty();
        assertThat(pa.counters().snapshot().txFrames()).isEqualTo(1);
    }

    @Test
    void theSameMacMayExistOnTwoNetworks() {
        attach("red", "02:00:00:00:00:0a", new RecordingSink());
        assertThat(attach("blue", "02:00:00:00:00:0a", new RecordingSink()).network().name()).isEqualTo("blue");
    }

    @Test
    void ingressChecksCountDropsByReason() {
        RecordingSink b = new RecordingSink();
        Port pa = attach("lab", "02:00:00:00:00:0a", new RecordingSink());
        Port pb = attach("lab", "02:00:00:00:00:0b", b);
        Port small = engine.attach("lab", new PortSpec(MacAddress.parse("02:00:00:00:00:0c"), 576, "", false), new RecordingSink());

        engine.ingress(pa, frame(pb.mac(), pa.mac(), 0).capacity(13)); // 13 bytes
        engine.ingress(pa, frame(pb.mac(), pa.mac(), 1501));
        engine.ingress(pa, frame(pb.mac(), MacAddress.parse("02:00:00:00:00:99"), 10));
        engine.ingress(pa, frame(MacAddress.BROADCAST, pa.mac(), 1000));
        engine.ingress(pb, frame(pb.mac(), pb.mac(), 10)); // b learned on b: hairpin

        CounterSnapshot a = pa.counters().snapshot();
        assertThat(a.txFrames()).isEqualTo(4);
        assertThat(a.drops(DropReason.FRAME_TOO_SHORT)).isEqualTo(1);
        assertThat(a.drops(DropReason.FRAME_TOO_LONG)).isEqualTo(1);
        assertThat(a.drops(DropReason.SPOOFED_SOURCE_MAC)).isEqualTo(1);
        assertThat(small.counters().snapshot().drops(DropReason.EGRESS_FRAME_TOO_LONG)).isEqualTo(1);
        assertThat(pb.counters().snapshot().rxFrames()).isEqualTo(1);
        assertThat(pb.counters().snapshot().drops(DropReason.HAIRPIN)).isEqualTo(1);
        assertThat(b.frames).hasSize(1);
    }

    @Test
    void aFloodWithNobodyToReceiveItIsCounted() {
        Port alone = attach("lab", "02:00:00:00:00:0a", new RecordingSink());
        engine.ingress(alone, frame(MacAddress.BROADCAST, alone.mac(), 10));
        assertThat(alone.counters().snapshot().drops(DropReason.NO_RECEIVER)).isEqualTo(1);
    }

    @Test
    void aFrameOfExactlyMtuPlusHeaderPasses() {
        RecordingSink b = new RecordingSink();
        Port pa = attach("lab", "02:00:00:00:00:0a", new RecordingSink());
        attach("lab", "02:00:00:00:00:0b", b);
        engine.ingress(pa, frame(MacAddress.BROADCAST, pa.mac(), 1500));
        assertThat(b.frames).singleElement().satisfies(f -> assertThat(f).hasSize(1514));
    }

    @Test
    void aRefusingSinkIsCountedOnTheReceivingPort() {
        RecordingSink b = new RecordingSink();
        b.refuseWith = DropReason.SEND_FAILED;
        Port pa = attach("lab", "02:00:00:00:00:0a", new RecordingSink());
        Port pb = attach("lab", "02:00:00:00:00:0b", b);
        engine.ingress(pa, frame(MacAddress.BROADCAST, pa.mac(), 10));
        assertThat(pb.counters().snapshot().drops(DropReason.SEND_FAILED)).isEqualTo(1);
        assertThat(pb.counters().snapshot().rxFrames()).isZero();
    }

    @Test
    void aFullMacTableStillForwardsAndCountsTheOverflow() {
        engine = new SwitchEngine(new SwitchLimits(4, 8, 2, Duration.ofSeconds(300).toNanos()), clock::get, new SplittableRandom(1), SwitchEngineTest::noDelays);
        RecordingSink b = new RecordingSink();
        Port bridge = engine.attach("lab", new PortSpec(null, 1500, "", true), new RecordingSink());
        Port pb = engine.attach("lab", PortSpec.defaults(), b);
        for (int i = 1; i <= 5; i++) {
            engine.ingress(bridge, frame(pb.mac(), MacAddress.fromLong(0x020000000100L + i), 10));
        }
        assertThat(b.frames).hasSize(5);
        assertThat(engine.macTableSize(engine.requireNetwork(bridge.network().name()))).isEqualTo(2);
        assertThat(engine.requireNetwork(bridge.network().name()).macTableOverflows()).isEqualTo(3);
    }

    @Test
    void attachAssignsUniqueLocallyAdministeredMacs() {
        Port p1 = engine.attach("lab", PortSpec.defaults(), new RecordingSink());
        Port p2 = engine.attach("lab", PortSpec.defaults(), new RecordingSink());
        assertThat(p1.mac()).isNotEqualTo(p2.mac());
        assertThat(p1.mac().isLocallyAdministered()).isTrue();
        assertThat(p1.mac().isMulticast()).isFalse();
        assertThat(p1.id()).isNotEqualTo(p2.id());
    }

    @Test
    void attachRejectsBadArgumentsPrecisely() {
        attach("lab", "02:00:00:00:00:0a", new RecordingSink());
        assertRefused(() -> attach("lab", "02:00:00:00:00:0a", new RecordingSink()),
                Refusal.ALREADY_EXISTS, "MAC 02:00:00:00:00:0a is already used");
        assertRefused(() -> attach("lab", "01:00:00:00:00:0a", new RecordingSink()),
                Refusal.INVALID_ARGUMENT, "group (multicast) address");
        assertRefused(() -> attach("lab", "00:00:00:00:00:00", new RecordingSink()),
                Refusal.INVALID_ARGUMENT, "not a usable address");
        assertRefused(() -> engine.attach("lab", new PortSpec(null, 67, "", false), new RecordingSink()),
                Refusal.INVALID_ARGUMENT, "MTU 67 out of range 68..9000");
        assertRefused(() -> engine.attach("lab", new PortSpec(null, 9001, "", false), new RecordingSink()),
                Refusal.INVALID_ARGUMENT, "MTU 9001");
        assertRefused(() -> engine.attach("lab", new PortSpec(null, 1500, "x".repeat(129), false), new RecordingSink()),
                Refusal.INVALID_ARGUMENT, "label is 129 characters");
        for (String bad : new String[] {"-lab", "lab net", "l/ab", "x".repeat(65), "läb"}) {
            assertRefused(() -> engine.attach(bad, PortSpec.defaults(), new RecordingSink()),
                    Refusal.INVALID_ARGUMENT, "bad network name");
        }
    }

    @Test
    void limitsOnNetworksAndPortsAreEnforced() {
        engine = new SwitchEngine(new SwitchLimits(2, 2, 16, Duration.ofSeconds(300).toNanos()), clock::get, new SplittableRandom(1), SwitchEngineTest::noDelays);
        engine.attach("one", PortSpec.defaults(), new RecordingSink());
        assertRefused(() -> engine.attach("two", PortSpec.defaults(), new RecordingSink()),
                Refusal.RESOURCE_EXHAUSTED, "already has 2 networks (limit 2)");
        engine.attach("one", PortSpec.defaults(), new RecordingSink());
        assertRefused(() -> engine.attach("one", PortSpec.defaults(), new RecordingSink()),
                Refusal.RESOURCE_EXHAUSTED, "network 'one' already has 2 ports (limit 2)");
    }

    @Test
    void networksComeWithTheirFirstPortAndGoWithTheirLast() {
        assertThat(engine.networks()).extracting(Network::name).containsExactly("default");
        Port p = engine.attach("lab", PortSpec.defaults(), new RecordingSink());
        Port q = engine.attach("", PortSpec.defaults(), new RecordingSink());
        assertThat(q.network().name()).isEqualTo("default");
        assertThat(engine.networks()).extracting(Network::name).containsExactly("default", "lab");
        engine.detach(p);
        engine.detach(p); // idempotent
        engine.detach(q);
        assertThat(engine.networks()).extracting(Network::name).containsExactly("default");
    }

    @Test
    void resetZeroesCounters() {
        Port pa = attach("lab", "02:00:00:00:00:0a", new RecordingSink());
        engine.ingress(pa, frame(MacAddress.BROADCAST, pa.mac(), 10));
        engine.unattributedDrops().increment(DropReason.BAD_MAGIC);
        engine.resetCounters("lab");
        assertThat(pa.counters().snapshot()).isEqualTo(CounterSnapshot.ZERO);
        assertThat(engine.unattributedDrops().total()).isEqualTo(1);
        engine.resetCounters(null);
        assertThat(engine.unattributedDrops().total()).isZero();
        assertRefused(() -> engine.resetCounters("nope"), Refusal.NOT_FOUND, "no network 'nope'");
    }

    private static void assertRefused(Runnable call, Refusal code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ControlException.class,
                e -> assertThat(e.refusal()).isEqualTo(code)).hasMessageContaining(message);
    }

    @Test
    void aPortOverItsRateCapIsCutToItWhileAPortUnderItLosesNothing() {
        engine = new SwitchEngine(SwitchLimits.DEFAULTS.withPortRateCap(new RateCap(1000, 0)), clock::get, new SplittableRandom(1),
                SwitchEngineTest::noDelays);
        RecordingSink toGreedy = new RecordingSink(), toPolite = new RecordingSink(), toSink = new RecordingSink();
        Port greedy = attach("lab", "02:00:00:00:00:0a", toGreedy);
        Port polite = attach("lab", "02:00:00:00:00:0b", toPolite);
        Port sink = attach("lab", "02:00:00:00:00:0c", toSink);
        engine.ingress(sink, frame(MacAddress.BROADCAST, sink.mac(), 10)); // learn the sink
        // One second: the greedy port offers 10 000 frames (10x its cap), the polite one 500 (half of it).
        for (int ms = 0; ms < 1000; ms++) {
            for (int i = 0; i < 10; i++) {
                engine.ingress(greedy, frame(sink.mac(), greedy.mac(), 10));
            }
            if (ms % 2 == 0) {
                engine.ingress(polite, frame(sink.mac(), polite.mac(), 10));
            }
            clock.addAndGet(1_000_000);
        }
        CounterSnapshot g = greedy.counters().snapshot();
        assertThat(g.drops(DropReason.RATE_LIMITED)).isBetween(8_800L, 9_000L); // 1000/s plus the 100-frame burst
        assertThat(polite.counters().snapshot().drops()).isEmpty();
        assertThat(toSink.frames).hasSize((int) (10_000 - g.drops(DropReason.RATE_LIMITED) + 500));
    }

    @Test
    void aBitRateCapCountsBytesAndStillPassesOneLargestFrame() {
        engine = new SwitchEngine(SwitchLimits.DEFAULTS.withPortRateCap(new RateCap(0, 8_000)), clock::get, new SplittableRandom(1),
                SwitchEngineTest::noDelays);
        RecordingSink toB = new RecordingSink();
        Port a = attach("lab", "02:00:00:00:00:0a", new RecordingSink());
        attach("lab", "02:00:00:00:00:0b", toB);
        // 100 ms of 1000 B/s is 100 bytes, but the burst holds at least one 9014-byte frame: six of 1500 pass.
        for (int i = 0; i < 7; i++) {
            engine.ingress(a, frame(MacAddress.BROADCAST, a.mac(), 1486));
        }
        assertThat(toB.frames).hasSize(6);
        assertThat(a.counters().snapshot().drops(DropReason.RATE_LIMITED)).isEqualTo(1);
        clock.addAndGet(Duration.ofMillis(1500).toNanos()); // 1500 bytes' worth, plus the 14 left over
        engine.ingress(a, frame(MacAddress.BROADCAST, a.mac(), 1486));
        engine.ingress(a, frame(MacAddress.BROADCAST, a.mac(), 1486));
        assertThat(toB.frames).hasSize(7);
    }

    @Test
    void attachesBeyondTheRateLimitAreRefusedWithARetryTime() {
        engine = new SwitchEngine(SwitchLimits.DEFAULTS.withAttachesPerSecond(10), clock::get, new SplittableRandom(1),
                SwitchEngineTest::noDelays);
        for (int i = 0; i < 10; i++) {
            engine.attach("lab", PortSpec.defaults(), new RecordingSink());
        }
        assertRefused(() -> engine.attach("lab", PortSpec.defaults(), new RecordingSink()),
                Refusal.RESOURCE_EXHAUSTED, "accepts 10 per second (--max-attaches-per-second); retry in 100 ms");
        assertRefused(() -> engine.attach("lab", new PortSpec(null, 1, "", false), new RecordingSink()),
                Refusal.INVALID_ARGUMENT, "MTU 1"); // a bad request is refused for what is wrong with it
        clock.addAndGet(Duration.ofMillis(100).toNanos());
        engine.attach("lab", PortSpec.defaults(), new RecordingSink());
    }

    @Test
    void theLedgerCountsFloodCopiesAndOutlivesPorts() {
        RecordingSink b = new RecordingSink(), c = new RecordingSink();
        Port pa = attach("lab", "02:00:00:00:00:0a", new RecordingSink());
        Port pb = attach("lab", "02:00:00:00:00:0b", b);
        attach("lab", "02:00:00:00:00:0c", c);
        c.refuseWith = DropReason.ENDPOINT_UNKNOWN;
        engine.ingress(pa, frame(MacAddress.BROADCAST, pa.mac(), 10)); // to b, refused by c: one copy made
        engine.ingress(pa, frame(MacAddress.BROADCAST, MacAddress.parse("02:00:00:00:00:99"), 10)); // spoofed
        engine.detach(pa);
        engine.detach(pb);

        FrameLedger.Snapshot books = engine.ledger().snapshot();
        assertThat(books.received()).isEqualTo(2);
        assertThat(books.copies()).isEqualTo(1);
        assertThat(books.delivered()).isEqualTo(1);
        assertThat(books.dropped()).containsOnly(java.util.Map.entry(DropReason.ENDPOINT_UNKNOWN, 1L),
                java.util.Map.entry(DropReason.SPOOFED_SOURCE_MAC, 1L));
        assertThat(books.unaccounted()).isZero();
    }

    @Test
    void aBridgeCannotPoseAsAnotherPortNorFloodAwayItsEntry() {
        engine = new SwitchEngine(new SwitchLimits(4, 8, 3, Duration.ofSeconds(300).toNanos()), clock::get, new SplittableRandom(1),
                SwitchEngineTest::noDelays);
        RecordingSink toBridge = new RecordingSink(), toVictim = new RecordingSink(), toOther = new RecordingSink();
        Port bridge = engine.attach("lab", new PortSpec(MacAddress.parse("02:00:00:00:00:0a"), 1500, "", true), toBridge);
        Port victim = attach("lab", "02:00:00:00:00:0b", toVictim);
        Port other = attach("lab", "02:00:00:00:00:0c", toOther);
        engine.ingress(victim, frame(MacAddress.BROADCAST, victim.mac(), 10)); // the victim is learned

        engine.ingress(bridge, frame(MacAddress.BROADCAST, victim.mac(), 10)); // claims the victim's MAC
        for (int i = 1; i <= 100; i++) { // MAC flooding: random sources, far beyond the table's 3 entries
            engine.ingress(bridge, frame(MacAddress.BROADCAST, MacAddress.fromLong(0x020000000100L + i), 10));
        }
        toOther.frames.clear();
        engine.ingress(other, frame(victim.mac(), other.mac(), 10));

        assertThat(bridge.counters().snapshot().drops(DropReason.SPOOFED_SOURCE_MAC)).isEqualTo(1);
        assertThat(engine.macTableSize(engine.requireNetwork(bridge.network().name()))).isEqualTo(3);
        assertThat(toVictim.frames).as("unicast to the victim still reaches it").hasSize(100 + 1);
        assertThat(toBridge.frames).as("and only it").hasSize(1); // the victim's first broadcast
    }

    @Test
    void aPortTakesItsMacBackFromABridgeThatUsedItBeforeTheAttach() {
        RecordingSink toBridge = new RecordingSink(), toLate = new RecordingSink(), toOther = new RecordingSink();
        Port bridge = engine.attach("lab", new PortSpec(MacAddress.parse("02:00:00:00:00:0a"), 1500, "", true), toBridge);
        Port other = attach("lab", "02:00:00:00:00:0c", toOther);
        MacAddress taken = MacAddress.parse("02:00:00:00:00:0b");
        engine.ingress(bridge, frame(MacAddress.BROADCAST, taken, 10)); // learned behind the bridge

        attach("lab", taken.toString(), toLate);
        engine.ingress(other, frame(taken, other.mac(), 10));

        assertThat(toLate.frames).as("unicast to the MAC reaches its port").hasSize(1);
        engine.ingress(bridge, frame(MacAddress.BROADCAST, taken, 10)); // and the bridge cannot take it back
        assertThat(bridge.counters().snapshot().drops(DropReason.SPOOFED_SOURCE_MAC)).isEqualTo(1);
    }
}
