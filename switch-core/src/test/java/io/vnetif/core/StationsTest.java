package io.vnetif.core;

import static io.vnetif.core.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnetif.api.DropReason;
import io.vnetif.api.MacAddress;
import io.vnetif.api.Refusal;
import io.vnetif.core.port.Port;
import io.vnetif.core.port.PortSpec;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Where a MAC is found: ports by the MAC they attached with, whatever the learned table holds; stations
 * behind bridges by learning, with their moves counted, or pinned to their bridge (port security).
 */
class StationsTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final SwitchEngine engine = new SwitchEngine(new SwitchLimits(4, 64, 16, Duration.ofSeconds(300).toNanos()), clock::get,
            new SplittableRandom(9), (task, delay) -> task.run());

    private static MacAddress mac(long bits) {
        return MacAddress.fromLong(bits);
    }

    private Port attach(String mac, RecordingSink sink) {
        return engine.attach("lab", new PortSpec(MacAddress.parse(mac), 1500, "", false), sink);
    }

    private Port bridge(String mac, RecordingSink sink, MacAddress... stations) {
        return engine.attach("lab", new PortSpec(MacAddress.parse(mac), 1500, "", true, Set.of(stations)), sink);
    }

    /**
     * A flood of random source MACs from a bridge port fills the learned table; ports that attach after
     * it still get their unicast alone. The attacker used to read every frame between them.
     */
    @Test
    void portsAttachedAfterTheTableFilledGetTheirUnicastAlone() {
        RecordingSink attackerSink = new RecordingSink(), c = new RecordingSink(), d = new RecordingSink();
        Port attacker = engine.attach("lab", new PortSpec(MacAddress.parse("02:00:00:00:00:66"), 1500, "", true), attackerSink);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            long station = (random.nextLong() & 0xFEFF_FFFF_FFFFL) | 0x0200_0000_0000L; // unicast, locally administered
            engine.ingress(attacker, frame(MacAddress.BROADCAST, mac(station), 10));
        }
        assertThat(engine.requireNetwork("lab").macTableOverflows()).as("the table is full").isPositive();
        int seenBefore = attackerSink.frames.size();

        Port pc = attach("02:00:00:00:00:0c", c);
        Port pd = attach("02:00:00:00:00:0d", d);
        engine.ingress(pd, frame(MacAddress.BROADCAST, pd.mac(), 10)); // d speaks: with the table full, nothing is learned
        for (int i = 0; i < 100; i++) {
            engine.ingress(pc, frame(pd.mac(), pc.mac(), 10));
        }
        assertThat(d.frames).hasSize(100);
        assertThat(attackerSink.frames.size() - seenBefore).as("frames from c to d the attacker got").isEqualTo(1); // d's broadcast
    }

    /** One frame moves a learned station from one bridge to another, as on any learning switch: counted. */
    @Test
    void aLearnedStationMovesWithOneFrameAndTheMoveIsCounted() {
        RecordingSink one = new RecordingSink(), two = new RecordingSink(), host = new RecordingSink();
        Port b1 = bridge("02:00:00:00:00:01", one);
        Port b2 = bridge("02:00:00:00:00:02", two);
        Port h = attach("02:00:00:00:00:03", host);
        MacAddress station = MacAddress.parse("02:00:00:00:10:00");
        engine.ingress(b1, frame(h.mac(), station, 10));
        engine.ingress(b2, frame(h.mac(), station, 10)); // b2 claims it
        engine.ingress(h, frame(station, h.mac(), 10));
        assertThat(two.frames).hasSize(1);
        assertThat(one.frames).isEmpty();
        assertThat(engine.requireNetwork("lab").macMoves()).isEqualTo(1);
        assertThat(engine.requireNetwork("lab").macFlaps()).isZero();
    }

    /** A station that keeps moving between two ports (a loop, or a fight over it) is counted as flapping, once per episode. */
    @Test
    void aStationMovingBackAndForthIsCountedAsFlapping() {
        Port b1 = bridge("02:00:00:00:00:01", new RecordingSink());
        Port b2 = bridge("02:00:00:00:00:02", new RecordingSink());
        MacAddress station = MacAddress.parse("02:00:00:00:10:00");
        for (int i = 0; i < 10; i++) {
            engine.ingress(i % 2 == 0 ? b1 : b2, frame(MacAddress.BROADCAST, station, 10));
            clock.addAndGet(100_000_000L);
        }
        assertThat(engine.requireNetwork("lab").macMoves()).isEqualTo(9);
        assertThat(engine.requireNetwork("lab").macFlaps()).isEqualTo(1);
        clock.addAndGet(Duration.ofSeconds(60).toNanos());
        for (int i = 0; i < 3; i++) {
            engine.ingress(i % 2 == 0 ? b1 : b2, frame(MacAddress.BROADCAST, station, 10));
        }
        assertThat(engine.requireNetwork("lab").macFlaps()).as("a new episode").isEqualTo(2);
    }

    /**
     * A station pinned behind its bridge (port security's static secure MAC) stays there: another port
     * sending from it is refused as SPOOFED_SOURCE_MAC (the violation counted, the frame dropped: port
     * security's "restrict"), and frames to it reach its bridge alone, before it ever spoke.
     */
    @Test
    void aPinnedStationCannotBeTakenOver() {
        RecordingSink one = new RecordingSink(), two = new RecordingSink(), host = new RecordingSink();
        MacAddress station = MacAddress.parse("02:00:00:00:10:00");
        bridge("02:00:00:00:00:01", one, station);
        Port b2 = bridge("02:00:00:00:00:02", two);
        Port h = attach("02:00:00:00:00:03", host);
        engine.ingress(h, frame(station, h.mac(), 10));
        assertThat(one.frames).as("found without learning").hasSize(1);
        engine.ingress(b2, frame(h.mac(), station, 10));
        assertThat(b2.counters().snapshot().drops(DropReason.SPOOFED_SOURCE_MAC)).isEqualTo(1);
        assertThat(host.frames).isEmpty();
        engine.ingress(h, frame(station, h.mac(), 10));
        assertThat(one.frames).hasSize(2);
        assertThat(two.frames).isEmpty();
        assertThat(engine.requireNetwork("lab").macMoves()).isZero();
    }

    @Test
    void pinningIsForBridgesAndForFreeMacs() {
        MacAddress station = MacAddress.parse("02:00:00:00:10:00");
        assertThatThrownBy(() -> engine.attach("lab", new PortSpec(null, 1500, "", false, Set.of(station)), new RecordingSink()))
                .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.INVALID_ARGUMENT));
        Port host = attach("02:00:00:00:00:03", new RecordingSink());
        assertThatThrownBy(() -> bridge("02:00:00:00:00:04", new RecordingSink(), host.mac()))
                .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.ALREADY_EXISTS));
        bridge("02:00:00:00:00:05", new RecordingSink(), station);
        assertThatThrownBy(() -> attach(station.toString(), new RecordingSink()))
                .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.getMessage()).contains("already used"));
        assertThatThrownBy(() -> bridge("02:00:00:00:00:06", new RecordingSink(), MacAddress.BROADCAST))
                .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.INVALID_ARGUMENT));
    }
}
