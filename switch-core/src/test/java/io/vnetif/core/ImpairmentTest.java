package io.vnetif.core;

import static io.vnetif.core.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.vnetif.api.DelayDistribution;
import io.vnetif.api.DropReason;
import io.vnetif.api.ImpairmentOutcome;
import io.vnetif.api.MacAddress;
import io.vnetif.core.impair.Blackout;
import io.vnetif.core.impair.Delay;
import io.vnetif.core.impair.FrameMatch;
import io.vnetif.core.impair.GilbertElliott;
import io.vnetif.core.impair.ImpairmentRule;
import io.vnetif.core.impair.ImpairmentSpec;
import io.vnetif.core.impair.Loss;
import io.vnetif.core.impair.RateLimit;
import io.vnetif.core.impair.Scope;
import io.vnetif.core.port.FrameSink;
import io.vnetif.core.port.Port;
import io.vnetif.core.port.PortSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Impairments in the engine, on a manual clock: statistics over many frames, determinism, ordering,
 * partitions. Bounds are two-sided 99.9 % binomial/normal bounds unless said otherwise.
 */
class ImpairmentTest {
    private static final double Z999 = 3.29;

    private final ManualScheduler time = new ManualScheduler();
    private final SwitchEngine engine = new SwitchEngine(SwitchLimits.DEFAULTS, time::now, new SplittableRandom(3), time);
    private final TimedSink sinkA = new TimedSink(), sinkB = new TimedSink(), sinkC = new TimedSink();
    private final Port a = engine.attach("lab", new PortSpec(MacAddress.parse("02:00:00:00:00:0a"), 1500, "a", false), sinkA);
    private final Port b = engine.attach("lab", new PortSpec(MacAddress.parse("02:00:00:00:00:0b"), 1500, "b", false), sinkB);
    private final Port c = engine.attach("lab", new PortSpec(MacAddress.parse("02:00:00:00:00:0c"), 1500, "c", false), sinkC);

    /** Records every frame with the time it arrived. */
    final class TimedSink implements FrameSink {
        final List<byte[]> frames = new ArrayList<>();
        final List<Long> arrivals = new ArrayList<>();

        @Override
        public DropReason deliver(ByteBuf frame) {
            frames.add(ByteBufUtil.getBytes(frame));
            arrivals.add(time.now());
            return null;
        }
    }

    private ImpairmentSpec.Builder rule(Scope scope) {
        return ImpairmentSpec.builder(scope).seed(42);
    }

    /** a → b unicast (b learned first), one frame every {@code gapNanos}. */
    private void sendToB(int count, int payload, long gapNanos) {
        engine.ingress(b, frame(MacAddress.BROADCAST, b.mac(), 10)); // learn b
        sinkA.frames.clear();
        sinkC.frames.clear();
        for (int i = 0; i < count; i++) {
            ByteBuf f = frame(b.mac(), a.mac(), payload);
            f.setInt(14, i); // sequence number in the payload
            engine.ingress(a, f);
            time.advance(gapNanos);
        }
        time.drain();
    }

    private static void assertWithinBinomialBound(long observed, long n, double p) {
        double mean = n * p;
        double bound = Z999 * Math.sqrt(n * p * (1 - p));
        assertThat((double) observed).as("count of %d trials at p=%s", n, p).isBetween(mean - bound, mean + bound);
    }

    @Test
    void onePercentLossOverAHundredThousandFramesIsWithinTheBinomialBound() {
        ImpairmentRule r = engine.addImpairment("lab", rule(Scope.link(a.mac(), b.mac())).loss(new Loss(0.01, 0)).build());
        sendToB(100_000, 10, 0);
        long lost = 100_000 - sinkB.frames.size();
        assertWithinBinomialBound(lost, 100_000, 0.01);
        assertThat(r.count(ImpairmentOutcome.LOST)).isEqualTo(lost);
        assertThat(b.counters().snapshot().drops(DropReason.LOSS)).isEqualTo(lost);
        assertThat(b.counters().snapshot().impaired(ImpairmentOutcome.LOST)).isEqualTo(lost);
    }

    @Test
    void theSameSeedGivesTheSameDropsAndAnotherSeedOthers() {
        assertThat(lossPattern(7)).isEqualTo(lossPattern(7)).isNotEqualTo(lossPattern(8));
    }

    private static List<Integer> lossPattern(long seed) {
        ImpairmentTest t = new ImpairmentTest();
        t.engine.addImpairment("lab", ImpairmentSpec.builder(Scope.deliveredTo(t.b.mac())).loss(new Loss(0.2, 0.3)).seed(seed).build());
        t.sendToB(2_000, 10, 0);
        return t.sinkB.frames.stream().map(f -> ByteBufUtil.getBytes(io.netty.buffer.Unpooled.wrappedBuffer(f), 14, 4))
                .map(bytes -> java.nio.ByteBuffer.wrap(bytes).getInt()).toList();
    }

    @Test
    void aRuleWithoutSeedGetsOneAndReportsIt() {
        ImpairmentRule r = engine.addImpairment("lab", ImpairmentSpec.builder(Scope.network()).loss(new Loss(0.5, 0)).build());
        assertThat(r.spec().seed()).isNotNull();
        assertThat(r.toString()).contains("seed " + r.spec().seed());
    }

    @Test
    void correlatedLossKeepsItsRateAndComesInLongerRuns() {
        engine.addImpairment("lab", rule(Scope.link(a.mac(), b.mac())).loss(new Loss(0.1, 0.75)).build());
        sendToB(100_000, 10, 0);
        double rate = 1 - sinkB.frames.size() / 100_000.0;
        // Correlation makes decisions depend on each other, which widens the spread: a wider bound.
        assertThat(rate).isBetween(0.09, 0.11);
        // Runs: P(lost | lost) = c + (1 - c) p = 0.775, so runs last 1 / 0.225 = 4.4 frames
        // (independent losses: 1 / 0.9 = 1.1).
        assertThat(meanLossRun(sinkB, 100_000)).isBetween(4.0, 4.9);
    }

    private static double meanLossRun(TimedSink sink, int sent) {
        boolean[] arrived = new boolean[sent];
        for (byte[] f : sink.frames) {
            arrived[java.nio.ByteBuffer.wrap(f, 14, 4).getInt()] = true;
        }
        int runs = 0, lost = 0;
        for (int i = 0; i < sent; i++) {
            if (!arrived[i]) {
                lost++;
                if (i == 0 || arrived[i - 1]) {
                    runs++;
                }
            }
        }
        return runs == 0 ? 0 : (double) lost / runs;
    }

    @Test
    void gilbertElliottLossComesInBurstsOfTheExpectedMeanLength() {
        // p = 1 %, r = 25 %: bursts last 1/r = 4 frames on average, loss rate p/(p+r) = 3.85 %.
        engine.addImpairment("lab", rule(Scope.link(a.mac(), b.mac())).gilbertElliott(GilbertElliott.gilbert(0.01, 0.25)).build());
        sendToB(200_000, 10, 0);
        assertThat(meanLossRun(sinkB, 200_000)).isBetween(3.5, 4.5);
        assertThat(1 - sinkB.frames.size() / 200_000.0).isBetween(0.030, 0.047);
    }

    @Test
    void delayWithNormalJitterLandsInTheExpectedPercentiles() {
        engine.addImpairment("lab", rule(Scope.link(a.mac(), b.mac()))
                .delay(new Delay(ms(20), ms(5), DelayDistribution.NORMAL, 0)).build());
        engine.ingress(b, frame(MacAddress.BROADCAST, b.mac(), 10));
        Histogram latency = new Histogram(3);
        for (int i = 0; i < 10_000; i++) {
            long sent = time.now();
            engine.ingress(a, frame(b.mac(), a.mac(), 10));
            time.advance(ms(100)); // far apart: order keeping never holds a frame back here
            latency.recordValue((sinkB.arrivals.get(i) - sent) / 1_000);
        }
        // Normal(20 ms, 5 ms): p50 = 20 ms, p15.9 = 15 ms, p84.1 = 25 ms, p97.7 = 30 ms (±0.5 ms).
        assertThat(latency.getValueAtPercentile(50) / 1000.0).isBetween(19.5, 20.5);
        assertThat(latency.getValueAtPercentile(15.9) / 1000.0).isBetween(14.5, 15.5);
        assertThat(latency.getValueAtPercentile(84.1) / 1000.0).isBetween(24.5, 25.5);
        assertThat(latency.getValueAtPercentile(97.7) / 1000.0).isBetween(29.5, 30.5);
        assertThat(b.counters().snapshot().impaired(ImpairmentOutcome.DELAYED)).isEqualTo(10_000);
    }

    @Test
    void uniformAndParetoDelaysHaveTheirMeanAndShape() {
        engine.addImpairment("lab", rule(Scope.deliveredTo(b.mac())).delay(new Delay(ms(10), ms(4), DelayDistribution.UNIFORM, 0)).build());
        engine.addImpairment("lab", rule(Scope.deliveredTo(c.mac())).delay(new Delay(ms(10), ms(4), DelayDistribution.PARETO, 0)).build());
        long[] sent = new long[10_000];
        for (int i = 0; i < 10_000; i++) {
            sent[i] = time.now();
            ByteBuf f = frame(MacAddress.BROADCAST, a.mac(), 10);
            f.setInt(14, i);
            engine.ingress(a, f);
            time.advance(ms(100));
        }
        time.drain();
        Histogram uniform = latencies(sinkB, sent), pareto = latencies(sinkC, sent);
        assertThat(uniform.getMinValue() / 1000.0).isBetween(6.0, 6.1);
        assertThat(uniform.getMaxValue() / 1000.0).isBetween(13.9, 14.01);
        assertThat(uniform.getMean() / 1000.0).isBetween(9.8, 10.2);
        assertThat(pareto.getMean() / 1000.0).isBetween(9.5, 10.5);
        assertThat(pareto.getValueAtPercentile(50)).as("right-skewed: median below mean").isLessThan((long) pareto.getMean());
        assertThat(pareto.getMaxValue() / 1000.0).as("a long tail").isGreaterThan(25.0);
    }

    private static Histogram latencies(TimedSink sink, long[] sent) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < sink.frames.size(); i++) {
            h.recordValue((sink.arrivals.get(i) - sent[java.nio.ByteBuffer.wrap(sink.frames.get(i), 14, 4).getInt()]) / 1_000);
        }
        return h;
    }

    @Test
    void jitterNeverReordersUnlessAsked() {
        engine.addImpairment("lab", rule(Scope.link(a.mac(), b.mac())).delay(new Delay(ms(20), ms(10), DelayDistribution.UNIFORM, 0)).build());
        sendToB(2_000, 10, ms(1));
        assertThat(sequence(sinkB)).isSorted().hasSize(2_000);
    }

    @Test
    void framesWhoseJitterSampleIsZeroStillWaitBehindHeldOnes() {
        // 5 ms +- 10 ms: a quarter of the samples clamp to 0 and must not jump the queue.
        engine.addImpairment("lab", rule(Scope.link(a.mac(), b.mac())).delay(new Delay(ms(5), ms(10), DelayDistribution.UNIFORM, 0)).build());
        sendToB(2_000, 10, 100_000);
        assertThat(sequence(sinkB)).isSorted().hasSize(2_000);
    }

    @Test
    void orderHoldsWhenTimersFireLateAndOutOfOrder() {
        time.fireLate(ms(3), 5);
        engine.addImpairment("lab", rule(Scope.link(a.mac(), b.mac())).delay(new Delay(ms(10), ms(2), DelayDistribution.NORMAL, 0)).build());
        sendToB(2_000, 10, 200_000);
        assertThat(sequence(sinkB)).isSorted().hasSize(2_000);
    }

    @Test
    void theHeldBytesOfANetworkAreBounded() {
        engine.addImpairment("lab", rule(Scope.link(a.mac(), b.mac())).delay(new Delay(ms(60_000), 0, null, 0)).build());
        engine.ingress(b, frame(MacAddress.BROADCAST, b.mac(), 10));
        for (int i = 0; i < 50_000; i++) { // 75 MB offered, 64 MiB may wait
            engine.ingress(a, frame(b.mac(), a.mac(), 1500 - 14));
        }
        long dropped = b.counters().snapshot().drops(DropReason.QUEUE_FULL);
        // A held 1500-byte frame costs its bytes and at most 256 bytes of objects around them.
        long budget = SwitchLimits.DEFAULTS.impairments().heldBytesPerNetwork();
        assertThat(dropped).isBetween(50_000 - budget / 1500, 50_000 - budget / (1500 + 256));
        time.drain();
        assertThat(sinkB.frames).hasSize(50_000 - (int) dropped);
    }

    @Test
    void vlanTaggedAndIpv6FramesAreMatchedBehindTheTag() {
        engine.addImpairment("lab", rule(Scope.network()).match(FrameMatch.ALL.withIpProtocol(17)).loss(new Loss(1.0, 0)).build());
        engine.ingress(b, frame(MacAddress.BROADCAST, b.mac(), 10));
        ByteBuf tagged = frame(b.mac(), a.mac(), 60);
        tagged.setShort(12, 0x8100).setShort(14, 5).setShort(16, 0x0800).setByte(18, 0x45).setByte(18 + 9, 17);
        ByteBuf v6 = frame(b.mac(), a.mac(), 60);
        v6.setShort(12, 0x86DD).setByte(14, 0x60).setByte(14 + 6, 17);
        ByteBuf v6tcp = frame(b.mac(), a.mac(), 60);
        v6tcp.setShort(12, 0x86DD).setByte(14, 0x60).setByte(14 + 6, 6);
        engine.ingress(a, tagged);
        engine.ingress(a, v6);
        engine.ingress(a, v6tcp);
        assertThat(sinkB.frames).hasSize(1);
        assertThat(b.counters().snapshot().drops(DropReason.LOSS)).isEqualTo(2);
    }

    @Test
    void aRefusedPartitionChangesNothing() {
        engine.partition("lab", List.of(List.of(a.mac()), List.of(b.mac())));
        assertThatThrownBy(() -> engine.partition("lab", List.of(List.of(a.mac()), List.of(c.mac()), List.of(c.mac(), b.mac()))))
                .isInstanceOf(ControlException.class);
        assertThat(engine.requireNetwork("lab").impairments().partitions()).containsExactly(List.of(a.mac()), List.of(b.mac()));
        assertThatThrownBy(() -> engine.partition("fresh", List.of(List.of(a.mac()), List.of(a.mac(), b.mac()))))
                .isInstanceOf(ControlException.class);
        assertThat(engine.network("fresh")).as("a refused partition leaves no network behind").isNull();
    }

    @Test
    void reorderingLetsAShareOfFramesOvertakeTheDelayedOnes() {
        ImpairmentRule r = engine.addImpairment("lab", rule(Scope.link(a.mac(), b.mac()))
                .delay(new Delay(ms(10), 0, DelayDistribution.UNIFORM, 0.25)).build());
        sendToB(10_000, 10, ms(1));
        assertWithinBinomialBound(r.count(ImpairmentOutcome.REORDERED), 10_000, 0.25);
        assertThat(sequence(sinkB)).hasSize(10_000).isNotEqualTo(sequence(sinkB).stream().sorted().toList());
    }

    private static List<Integer> sequence(TimedSink sink) {
        return sink.frames.stream().map(f -> java.nio.ByteBuffer.wrap(f, 14, 4).getInt()).toList();
    }

    @Test
    void aTenMegabitLimitHoldsWithinTenPercent() {
        engine.addImpairment("lab", rule(Scope.link(a.mac(), b.mac())).rate(new RateLimit(10_000_000, 64 * 1024)).build());
        engine.ingress(b, frame(MacAddress.BROADCAST, b.mac(), 10));
        // Offer 20 Mbit/s for 2 s: 1250-byte frames every 0.5 ms.
        long start = time.now();
        for (int i = 0; i < 4_000; i++) {
            engine.ingress(a, frame(b.mac(), a.mac(), 1250 - 14));
            time.advance(500_000);
        }
        long bytesInTwoSeconds = 0;
        for (int i = 0; i < sinkB.arrivals.size(); i++) {
            if (sinkB.arrivals.get(i) - start <= Duration.ofSeconds(2).toNanos()) {
                bytesInTwoSeconds += sinkB.frames.get(i).length;
            }
        }
        double mbps = bytesInTwoSeconds * 8 / 2.0 / 1e6;
        assertThat(mbps).isBetween(9.0, 11.0);
        assertThat(b.counters().snapshot().drops(DropReason.QUEUE_FULL)).as("the excess is tail-dropped").isGreaterThan(1_500);
        time.drain();
    }

    @Test
    void duplicationAndCorruptionHappenAtTheirRates() {
        ImpairmentRule r = engine.addImpairment("lab", rule(Scope.link(a.mac(), b.mac())).duplicate(0.05).corrupt(0.05).build());
        sendToB(50_000, 50, 0);
        long duplicated = r.count(ImpairmentOutcome.DUPLICATED), corrupted = r.count(ImpairmentOutcome.CORRUPTED);
        assertWithinBinomialBound(duplicated, 50_000, 0.05);
        assertWithinBinomialBound(corrupted, 50_000, 0.05);
        assertThat(sinkB.frames).hasSize(50_000 + (int) duplicated);
        byte[] clean = frame(b.mac(), a.mac(), 50).array();
        long flippedFrames = 0;
        for (byte[] f : sinkB.frames) {
            int bits = 0;
            for (int i = 0; i < f.length; i++) {
                byte expected = i >= 14 && i < 18 ? f[i] : clean[i]; // the sequence number differs per frame
                bits += Integer.bitCount((f[i] ^ expected) & 0xFF);
            }
            assertThat(bits).isLessThanOrEqualTo(1);
            flippedFrames += bits;
        }
        // A flip can land in the sequence number bytes, which this count cannot see; MACs are never hit.
        assertThat(flippedFrames).isBetween((long) (corrupted * 0.9), corrupted + (long) (corrupted * 0.06));
        assertThat(sinkB.frames).allSatisfy(f -> assertThat(java.util.Arrays.copyOf(f, 12)).isEqualTo(java.util.Arrays.copyOf(clean, 12)));
    }

    @Test
    void mtuTrailingBytesAndSmallFrameLossActAsTheMirageOsBackends() {
        engine.addImpairment("lab", rule(Scope.deliveredTo(b.mac())).mtu(576).build());
        engine.addImpairment("lab", rule(Scope.deliveredTo(c.mac())).trailingBytes(7).build());
        engine.addImpairment("lab", rule(Scope.deliveredTo(c.mac())).match(FrameMatch.ALL.withSize(0, 64)).loss(new Loss(1.0, 0)).build());
        engine.ingress(a, frame(MacAddress.BROADCAST, a.mac(), 1000));
        engine.ingress(a, frame(MacAddress.BROADCAST, a.mac(), 100));
        engine.ingress(a, frame(MacAddress.BROADCAST, a.mac(), 40));
        assertThatThrownBy(() -> rule(Scope.network()).trailingBytes(257).build()).hasMessageContaining("out of range 0..256");
        assertThatThrownBy(() -> rule(Scope.network()).mtu(9001).build()).hasMessageContaining("out of range 0..9000");
        assertThatThrownBy(() -> new Delay(ms(60_001), 0, null, 0)).hasMessageContaining("limited to 60 s");
        assertThat(sinkB.frames).extracting(f -> f.length).containsExactly(114, 54);
        assertThat(b.counters().snapshot().drops(DropReason.IMPAIRMENT_MTU)).isEqualTo(1);
        assertThat(sinkC.frames).extracting(f -> f.length).containsExactly(1021, 121);
        assertThat(c.counters().snapshot().drops(DropReason.LOSS)).isEqualTo(1);
    }

    @Test
    void aBlackoutDropsEverythingForItsDurationAfterTheGivenBytes() {
        engine.addImpairment("lab", rule(Scope.sentBy(a.mac())).blackout(new Blackout(1000, ms(50))).build());
        engine.ingress(b, frame(MacAddress.BROADCAST, b.mac(), 10));
        for (int i = 0; i < 20; i++) {
            engine.ingress(a, frame(b.mac(), a.mac(), 100 - 14)); // 100 bytes each
            time.advance(ms(4));
        }
        // 10 frames make 1000 bytes; frames 11..20 fall in the 50 ms after the 10th.
        assertThat(sinkB.frames).hasSize(10);
        assertThat(a.counters().snapshot().drops(DropReason.BLACKOUT)).isEqualTo(10);
        time.advance(ms(10));
        engine.ingress(a, frame(b.mac(), a.mac(), 86));
        assertThat(sinkB.frames).hasSize(11);
    }

    @Test
    void matchingSelectsByEtherTypeAndIpProtocol() {
        engine.addImpairment("lab", rule(Scope.network()).match(FrameMatch.ALL.withIpProtocol(6)).loss(new Loss(1.0, 0)).build());
        engine.addImpairment("lab", rule(Scope.network()).match(FrameMatch.ALL.withEtherType(0x0806)).delay(new Delay(ms(30), 0, null, 0)).build());
        engine.ingress(b, frame(MacAddress.BROADCAST, b.mac(), 10));
        engine.ingress(a, ipv4(b.mac(), a.mac(), 6));   // TCP: lost
        engine.ingress(a, ipv4(b.mac(), a.mac(), 17));  // UDP: passes
        engine.ingress(a, etherType(b.mac(), a.mac(), 0x0806)); // ARP: delayed
        assertThat(sinkB.frames).hasSize(1);
        time.advance(ms(30));
        assertThat(sinkB.frames).hasSize(2);
        assertThat(b.counters().snapshot().drops(DropReason.LOSS)).isEqualTo(1);
    }

    private static ByteBuf etherType(MacAddress dst, MacAddress src, int type) {
        ByteBuf f = frame(dst, src, 40);
        f.setShort(12, type);
        return f;
    }

    private static ByteBuf ipv4(MacAddress dst, MacAddress src, int protocol) {
        ByteBuf f = etherType(dst, src, 0x0800);
        f.setByte(14, 0x45);
        f.setByte(14 + 9, protocol);
        return f;
    }

    @Test
    void partitionsSplitTheNetworkAndHealJoinsItAgain() {
        engine.partition("lab", List.of(List.of(a.mac()), List.of(b.mac())));
        engine.ingress(a, frame(MacAddress.BROADCAST, a.mac(), 10));
        assertThat(sinkB.frames).isEmpty();
        assertThat(sinkC.frames).hasSize(1); // in no group: reaches everyone
        assertThat(b.counters().snapshot().drops(DropReason.PARTITIONED)).isEqualTo(1);
        engine.heal("lab");
        engine.ingress(a, frame(MacAddress.BROADCAST, a.mac(), 10));
        assertThat(sinkB.frames).hasSize(1);
        assertThat(engine.requireNetwork("lab").impairments()).as("nothing left: back on the plain path").isNull();
    }

    @Test
    void aOneWayCutBlocksOneDirectionOnly() {
        engine.cut("lab", a.mac(), b.mac());
        engine.ingress(a, frame(MacAddress.BROADCAST, a.mac(), 10));
        engine.ingress(b, frame(MacAddress.BROADCAST, b.mac(), 10));
        assertThat(sinkB.frames).isEmpty();
        assertThat(sinkA.frames).hasSize(1);
        assertThat(sinkC.frames).hasSize(2);
    }

    @Test
    void rulesStayOnTheirNetworkAndPort() {
        TimedSink other = new TimedSink();
        Port x = engine.attach("other", PortSpec.defaults(), new TimedSink());
        engine.attach("other", PortSpec.defaults(), other);
        engine.addImpairment("lab", rule(Scope.network()).loss(new Loss(1.0, 0)).build());
        engine.addImpairment("other", rule(Scope.deliveredTo(c.mac())).loss(new Loss(1.0, 0)).build());
        engine.ingress(x, frame(MacAddress.BROADCAST, x.mac(), 10));
        assertThat(other.frames).hasSize(1);
        engine.ingress(a, frame(MacAddress.BROADCAST, a.mac(), 10));
        assertThat(sinkB.frames).isEmpty();
        assertThat(sinkC.frames).isEmpty();
        assertThat(engine.requireNetwork("other").ports()).allSatisfy(p -> assertThat(p.counters().snapshot().drops()).isEmpty());
    }

    @Test
    void lossOnWhatAPortSendsReachesNobodyAndTeachesTheSwitchNothing() {
        engine.addImpairment("lab", rule(Scope.sentBy(b.mac())).loss(new Loss(1.0, 0)).build());
        engine.ingress(b, frame(MacAddress.BROADCAST, b.mac(), 10));
        assertThat(sinkA.frames).isEmpty();
        assertThat(b.counters().snapshot().drops(DropReason.LOSS)).isEqualTo(1);
        assertThat(engine.macTableSize(engine.requireNetwork(b.network().name()))).isZero();
    }

    @Test
    void rulesAreListedRemovedAndClearedAndNoOpRulesRefused() {
        ImpairmentRule r1 = engine.addImpairment("lab", rule(Scope.network()).loss(new Loss(0.5, 0)).build());
        ImpairmentRule r2 = engine.addImpairment("ci", rule(Scope.network()).duplicate(0.5).build());
        assertThat(engine.impairments(null)).containsExactly(r1, r2);
        assertThat(engine.network("ci")).as("a rule creates its network").isNotNull();
        engine.removeImpairment(r1.id());
        assertThat(engine.impairments("lab")).isEmpty();
        assertThat(engine.clearImpairments(null)).isEqualTo(1);
        assertThat(engine.network("ci")).as("no ports, no rules: gone").isNull();
        assertThatThrownBy(() -> engine.removeImpairment(r1.id())).isInstanceOf(ControlException.class).hasMessageContaining("no impairment rule");
        assertThatThrownBy(() -> engine.addImpairment("lab", rule(Scope.network()).build()))
                .isInstanceOf(ControlException.class).hasMessageContaining("has no effect");
        assertThatThrownBy(() -> engine.partition("lab", List.of(List.of(a.mac()))))
                .isInstanceOf(ControlException.class).hasMessageContaining("at least two");
        assertThatThrownBy(() -> engine.partition("lab", List.of(List.of(a.mac()), List.of(a.mac(), b.mac()))))
                .isInstanceOf(ControlException.class).hasMessageContaining("in two partition groups");
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    /** Found by the ledger property: the delivery rules' pass over a frame must not change how often the sender's rules send it. */
    @Test
    void aFrameRewrittenBySendRulesIsDuplicatedOnlyByTheDeliveryRules() {
        engine.addImpairment("lab", rule(Scope.sentBy(a.mac())).trailingBytes(4).build());
        engine.addImpairment("lab", rule(Scope.deliveredTo(b.mac())).duplicate(1.0).build());

        sendToB(10, 50, 1_000_000);

        assertThat(sinkB.frames).as("each frame once, plus its one duplicate").hasSize(20);
        assertThat(engine.ledger().snapshot().unaccounted()).isZero();
    }
}
