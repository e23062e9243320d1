package io.vnetif.client;

import static io.vnetif.client.TestFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vnetif.api.ImpairmentOutcome;
import io.vnetif.api.MacAddress;
import io.vnetif.api.Refusal;
import io.vnetif.client.TestFrames.Collector;
import io.vnetif.client.pcapng.PcapngMonitor;
import io.vnetif.client.pcapng.PcapngReader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VirtualSwitch} backend must do, run once per backend. "Nothing else arrived" is
 * proven with a marker frame sent after the frame under test: frames from one sender arrive in order,
 * so once the marker is in, anything sent before it would be too.
 */
abstract class VnetifContractTest {
    private VirtualSwitch sw;

    /** A fresh switch of the backend under test. */
    protected abstract VirtualSwitch newSwitch() throws Exception;

    @BeforeEach
    void start() throws Exception {
        sw = newSwitch();
    }

    /** Releases what {@link #newSwitch()} started, after the switch's interfaces are closed. */
    protected void stopBackend() {
    }

    @AfterEach
    void stop() {
        sw.close();
        stopBackend();
    }

    private Vnetif attach(String network) {
        return sw.attach(network);
    }

    @Test
    void interfacesGetDistinctUnicastMacsAndTheirMtu() {
        Vnetif a = attach("lab");
        Vnetif b = sw.attach(NicOptions.builder().network("lab").mtu(9000).build());
        Vnetif c = sw.attach(NicOptions.builder().network("lab").mac("02:00:00:00:00:42").build());
        assertThat(a.mac()).isNotEqualTo(b.mac());
        assertThat(a.mac().isMulticast()).isFalse();
        assertThat(a.mac().isLocallyAdministered()).isTrue();
        assertThat(a.mtu()).isEqualTo(1500);
        assertThat(b.mtu()).isEqualTo(9000);
        assertThat(c.mac()).isEqualTo(MacAddress.parse("02:00:00:00:00:42"));
        assertThat(a.state()).isEqualTo(LinkState.UP);
    }

    @Test
    void broadcastReachesEveryOtherInterfaceButNotTheSender() {
        Vnetif a = attach("lab"), b = attach("lab"), c = attach("lab");
        Collector ra = new Collector(), rb = new Collector(), rc = new Collector();
        a.listen(ra);
        b.listen(rb);
        c.listen(rc);

        a.write(frame(MacAddress.BROADCAST, a.mac(), "hello all"));
        rb.awaitCount(1);
        rc.awaitCount(1);
        b.write(frame(MacAddress.BROADCAST, b.mac(), "marker"));
        ra.awaitCount(1);

        assertThat(ra.texts()).containsExactly("marker");
        assertThat(rb.texts()).containsExactly("hello all");
        assertThat(rc.texts()).containsExactly("hello all", "marker");
        assertThat(rb.frames.get(0)).isEqualTo(frame(MacAddress.BROADCAST, a.mac(), "hello all").array());
    }

    @Test
    void learnedUnicastReachesOnlyItsTarget() {
        Vnetif a = attach("lab"), b = attach("lab"), c = attach("lab");
        Collector ra = new Collector(), rb = new Collector(), rc = new Collector();
        a.listen(ra);
        b.listen(rb);
        c.listen(rc);
        b.write(frame(MacAddress.BROADCAST, b.mac(), "b is here")); // the switch learns b
        ra.awaitCount(1);
        rc.awaitCount(1);

        a.write(frame(b.mac(), a.mac(), "for b only"));
        a.write(frame(MacAddress.BROADCAST, a.mac(), "marker"));
        rb.awaitCount(2);
        rc.awaitCount(2);

        assertThat(rb.texts()).containsExactly("for b only", "marker");
        assertThat(rc.texts()).containsExactly("b is here", "marker");
    }

    @Test
    void networksAreIsolated() {
        Vnetif red1 = attach("red"), red2 = attach("red"), blue = attach("blue");
        Collector r2 = new Collector(), rb = new Collector();
        red2.listen(r2);
        blue.listen(rb);
        red1.write(frame(MacAddress.BROADCAST, red1.mac(), "red only"));
        Vnetif blue2 = attach("blue");
        blue2.write(frame(MacAddress.BROADCAST, blue2.mac(), "blue marker"));
        r2.awaitCount(1);
        rb.awaitCount(1);
        assertThat(r2.texts()).containsExactly("red only");
        assertThat(rb.texts()).containsExactly("blue marker");
    }

    @Test
    void framesArriveByteForByteAndInOrder() {
        Vnetif a = attach("lab"), b = attach("lab");
        Collector rb = new Collector();
        b.listen(rb);
        Random random = new Random(42);
        List<byte[]> sent = new ArrayList<>();
        for (int seq = 0; seq < 1000; seq++) {
            byte[] payload = new byte[4 + random.nextInt(a.mtu() - 3)];
            random.nextBytes(payload);
            ByteBuffer.wrap(payload).putInt(seq);
            ByteBuffer f = frame(b.mac(), a.mac(), payload);
            sent.add(f.array());
            a.write(f);
            if (seq % 100 == 99) {
                rb.awaitCount(seq + 1); // windows of 100 frames stay inside any socket buffer
            }
        }
        rb.awaitCount(1000);
        assertThat(rb.frames).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(rb.frames.get(i)).as("frame %d", i).isEqualTo(sent.get(i));
        }
    }

    /** Remote: sealed between interface and switch; in-process: nothing to seal, the option is ignored. */
    @Test
    void encryptedInterfacesReachPlainOnesBothWays() {
        Vnetif sealed = sw.attach(NicOptions.builder().network("lab").encrypted(true).build());
        Vnetif plain = attach("lab");
        Collector rs = new Collector(), rp = new Collector();
        sealed.listen(rs);
        plain.listen(rp);
        sealed.write(frame(plain.mac(), sealed.mac(), "to plain"));
        rp.awaitCount(1);
        plain.write(frame(sealed.mac(), plain.mac(), "to sealed"));
        rs.awaitCount(1);
        assertThat(rp.frames).containsExactly(frame(plain.mac(), sealed.mac(), "to plain").array());
        assertThat(rs.frames).containsExactly(frame(sealed.mac(), plain.mac(), "to sealed").array());
    }

    @Test
    void writeRejectsOversizedShortAndSpoofedFramesClearly() {
        Vnetif a = sw.attach(NicOptions.builder().network("lab").mtu(576).build());
        assertThatThrownBy(() -> a.write(frame(MacAddress.BROADCAST, a.mac(), new byte[577])))
                .isInstanceOfSatisfying(FrameTooLargeException.class, e -> {
                    assertThat(e.mtu()).isEqualTo(576);
                    assertThat(e.length()).isEqualTo(591);
                }).hasMessageContaining("MTU of 576");
        assertThatThrownBy(() -> a.write(ByteBuffer.allocate(13))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shorter than the 14-byte Ethernet header");
        MacAddress other = MacAddress.parse("02:00:00:00:99:99");
        assertThatThrownBy(() -> a.write(frame(MacAddress.BROADCAST, other, "spoof")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source MAC 02:00:00:00:99:99 is not");
        a.write(frame(MacAddress.BROADCAST, a.mac(), new byte[576])); // exactly MTU: fine
        assertThat(a.stats().txFrames()).isEqualTo(1);
    }

    @Test
    void aBridgeMaySendForOtherStations() {
        Vnetif bridge = sw.attach(NicOptions.builder().network("lab").allowForeignSourceMacs(true).build());
        Vnetif b = attach("lab");
        Collector rb = new Collector();
        b.listen(rb);
        MacAddress vm = MacAddress.parse("02:00:00:00:99:01");
        bridge.write(frame(MacAddress.BROADCAST, vm, "from the vm"));
        rb.awaitCount(1);
        assertThat(rb.texts()).containsExactly("from the vm");
    }

    @Test
    void aWriteFromAnInterruptedThreadSendsAndLeavesTheInterfaceWorking() {
        Vnetif a = attach("lab"), b = attach("lab");
        Collector rb = new Collector();
        b.listen(rb);
        Thread.currentThread().interrupt();
        try {
            a.write(frame(b.mac(), a.mac(), "while interrupted"));
        } finally {
            assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        }
        a.write(frame(b.mac(), a.mac(), "after"));
        rb.awaitCount(2);
        assertThat(rb.texts()).containsExactly("while interrupted", "after");
    }

    @Test
    void theByteOrderOfTheCallersBufferDoesNotMatter() {
        Vnetif a = attach("lab"), b = attach("lab");
        Collector rb = new Collector();
        b.listen(rb);
        a.write(frame(b.mac(), a.mac(), "little-endian buffer").order(java.nio.ByteOrder.LITTLE_ENDIAN));
        rb.awaitCount(1);
        assertThat(rb.texts()).containsExactly("little-endian buffer");
    }

    @Test
    void theFillVariantSendsWhatTheFillerWrote() {
        Vnetif a = attach("lab"), b = attach("lab");
        Collector rb = new Collector();
        b.listen(rb);
        byte[] expected = frame(b.mac(), a.mac(), "filled in place").array();
        a.write(1514, buf -> {
            buf.put(expected);
            return expected.length;
        });
        rb.awaitCount(1);
        assertThat(rb.frames.get(0)).isEqualTo(expected);
        assertThatThrownBy(() -> a.write(1515, buf -> 0)).isInstanceOf(FrameTooLargeException.class);
        assertThatThrownBy(() -> a.write(100, buf -> 101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filler returned length 101");
    }

    @Test
    void statsCountFramesAndBytesAndReset() {
        Vnetif a = attach("lab"), b = attach("lab");
        Collector rb = new Collector();
        b.listen(rb);
        for (int i = 0; i < 3; i++) {
            a.write(frame(b.mac(), a.mac(), new byte[86])); // 100-byte frames
        }
        rb.awaitCount(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.stats().rxFrames() == 3);
        assertThat(a.stats()).isEqualTo(new NicStats(0, 0, 3, 300, 0, 0, Map.of()));
        assertThat(b.stats()).isEqualTo(new NicStats(3, 300, 0, 0, 0, 0, Map.of()));
        a.resetStats();
        assertThat(a.stats()).isEqualTo(new NicStats(0, 0, 0, 0, 0, 0, Map.of()));
    }

    @Test
    void framesBeforeListenAreDroppedAndCounted() {
        Vnetif a = attach("lab"), b = attach("lab");
        a.write(frame(b.mac(), a.mac(), "nobody listens"));
        await().atMost(Duration.ofSeconds(5)).until(() -> b.stats().rxDropped() == 1);
        Collector rb = new Collector();
        b.listen(rb);
        a.write(frame(b.mac(), a.mac(), "now"));
        rb.awaitCount(1);
        assertThat(rb.texts()).containsExactly("now");
        assertThatThrownBy(() -> b.listen(new Collector())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has a listener");
    }

    @Test
    void aSlowListenerOverflowsItsBoundedQueueAndTheOverflowIsCounted() {
        Vnetif a = attach("lab");
        Vnetif b = sw.attach(NicOptions.builder().network("lab").listenerQueueCapacity(4).build());
        Collector rb = new Collector(1);
        b.listen(rb);
        a.write(frame(b.mac(), a.mac(), "first"));
        await().atMost(Duration.ofSeconds(5)).until(() -> rb.entered.getCount() == 0);
        for (int i = 0; i < 19; i++) {
            a.write(frame(b.mac(), a.mac(), "more " + i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> b.stats().rxDropped() == 15);
        rb.release();
        rb.awaitCount(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.stats().rxFrames() == 5);
        assertThat(rb.texts()).containsExactly("first", "more 0", "more 1", "more 2", "more 3");
        assertThat(b.stats().rxDropped()).isEqualTo(15);
    }

    @Test
    void closeWaitsUntilQueuedFramesReachedTheListener() {
        Vnetif a = attach("lab"), b = attach("lab");
        Collector rb = new Collector(1);
        b.listen(rb);
        for (int i = 0; i < 10; i++) {
            a.write(frame(b.mac(), a.mac(), "frame " + i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> rb.entered.getCount() == 0
                && ((AbstractNic) b).rx.queuedFrames() == 9);
        Thread releaser = new Thread(rb::release);
        releaser.start(); // close() must wait for the held callback and the 9 queued frames
        b.close();
        assertThat(rb.frames).hasSize(10);
        assertThat(b.stats().rxFrames()).isEqualTo(10);
        assertThat(b.state()).isEqualTo(LinkState.CLOSED);
    }

    @Test
    void useAfterCloseFailsClearlyAndCloseIsIdempotent() {
        Vnetif a = attach("lab");
        List<LinkState> states = new ArrayList<>();
        a.onStateChange(states::add);
        a.close();
        a.close();
        assertThatThrownBy(() -> a.write(frame(MacAddress.BROADCAST, a.mac(), "late")))
                .isInstanceOf(InterfaceClosedException.class).hasMessageContaining("is closed");
        assertThat(states).containsExactly(LinkState.CLOSED);
        Vnetif again = sw.attach(NicOptions.builder().network("lab").mac(a.mac()).build());
        assertThat(again.mac()).isEqualTo(a.mac()); // closing freed the MAC
    }

    @Test
    void attachRefusalsSayWhy() {
        sw.attach(NicOptions.builder().network("lab").mac("02:00:00:00:00:01").build());
        assertThatThrownBy(() -> sw.attach(NicOptions.builder().network("lab").mac("02:00:00:00:00:01").build()))
                .isInstanceOfSatisfying(AttachRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Refusal.ALREADY_EXISTS))
                .hasMessageContaining("02:00:00:00:00:01 is already used");
        assertThatThrownBy(() -> sw.attach("no spaces allowed"))
                .isInstanceOfSatisfying(AttachRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Refusal.INVALID_ARGUMENT))
                .hasMessageContaining("bad network name 'no spaces allowed'");
        assertThatThrownBy(() -> sw.attach(NicOptions.builder().network("lab").mac("01:00:5e:00:00:01").build()))
                .isInstanceOf(AttachRefusedException.class).hasMessageContaining("group (multicast) address");
    }

    @Test
    void listenersRunOnTheGivenExecutorInArrivalOrder() {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger tasks = new AtomicInteger();
        try {
            Vnetif a = attach("lab");
            Vnetif b = sw.attach(NicOptions.builder().network("lab").listenerExecutor(r -> {
                tasks.incrementAndGet();
                pool.execute(r);
            }).build());
            Collector rb = new Collector();
            b.listen(rb);
            for (int i = 0; i < 200; i++) {
                a.write(frame(b.mac(), a.mac(), Integer.toString(i)));
            }
            rb.awaitCount(200);
            assertThat(rb.texts()).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).mapToObj(Integer::toString).toList());
            assertThat(tasks.get()).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aThrowingListenerDoesNotStopDelivery() {
        Vnetif a = attach("lab"), b = attach("lab");
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        b.listen(f -> {
            byte[] copy = new byte[f.remaining()];
            f.get(copy);
            seen.add(TestFrames.payloadText(copy));
            if (seen.size() == 1) {
                throw new IllegalStateException("listener bug");
            }
            throw new AssertionError("a failed assertion inside a listener");
        });
        a.write(frame(b.mac(), a.mac(), "one"));
        a.write(frame(b.mac(), a.mac(), "two"));
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("one", "two");
    }

    @Test
    void closingTheSwitchClosesItsInterfaces() {
        Vnetif a = attach("lab");
        sw.close();
        assertThat(a.state()).isEqualTo(LinkState.CLOSED);
    }

    // ---- impairments: same API and behaviour on both backends ----

    @Test
    void aRuleActsAtOnceCountsWhatItDidAndUndoesItselfOnClose() {
        Vnetif a = attach("lab"), b = attach("lab");
        Collector rb = new Collector();
        b.listen(rb);
        try (Impairment drop = sw.impair("lab").deliveredTo(b.mac()).loss(1.0).apply()) {
            a.write(frame(b.mac(), a.mac(), "lost"));
            await().atMost(Duration.ofSeconds(5)).until(() -> drop.count(ImpairmentOutcome.LOST) == 1);
            assertThat(drop.description()).contains("delivered to " + b.mac(), "loss 100%");
        }
        a.write(frame(b.mac(), a.mac(), "after"));
        rb.awaitCount(1);
        assertThat(rb.texts()).containsExactly("after");
    }

    @Test
    void theSameSeedDropsTheSameFrames() {
        assertThat(survivorsOfSeededLoss(11)).isEqualTo(survivorsOfSeededLoss(11)).hasSizeBetween(60, 140);
    }

    private List<String> survivorsOfSeededLoss(long seed) {
        Vnetif a = attach("seeded"), b = attach("seeded");
        Collector rb = new Collector();
        b.listen(rb);
        try (Impairment loss = sw.impair("seeded").between(a.mac(), b.mac()).loss(0.5).seed(seed).apply()) {
            assertThat(loss.seed()).isEqualTo(seed);
            for (int i = 0; i < 200; i++) {
                a.write(frame(b.mac(), a.mac(), "frame " + i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> rb.frames.size() + loss.count(ImpairmentOutcome.LOST) == 200);
        } finally {
            a.close();
            b.close();
        }
        return rb.texts();
    }

    @Test
    void delayHoldsOneLinkWithoutHoldingUpOthers() {
        Vnetif a = attach("lab"), b = attach("lab"), c = attach("lab");
        Collector rb = new Collector(), rc = new Collector();
        b.listen(rb);
        c.listen(rc);
        try (Impairment slow = sw.impair("lab").deliveredTo(b.mac()).delay(Duration.ofSeconds(2)).apply()) {
            long sent = System.nanoTime();
            a.write(frame(MacAddress.BROADCAST, a.mac(), "to all"));
            rc.awaitCount(1);
            assertThat(rb.frames).as("b's copy is still held").isEmpty();
            rb.awaitCount(1);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(slow.count(ImpairmentOutcome.DELAYED)).isEqualTo(1);
        }
    }

    @Test
    void aPartitionSplitsTheNetworkUntilItIsClosed() {
        Vnetif a = attach("lab"), b = attach("lab"), c = attach("lab");
        Collector rb = new Collector(), rc = new Collector();
        b.listen(rb);
        c.listen(rc);
        try (Fault split = sw.partition("lab", List.of(List.of(a.mac()), List.of(b.mac(), c.mac())))) {
            a.write(frame(MacAddress.BROADCAST, a.mac(), "across the split"));
            c.write(frame(b.mac(), c.mac(), "same side"));
            rb.awaitCount(1);
            assertThat(rb.texts()).containsExactly("same side");
        }
        a.write(frame(MacAddress.BROADCAST, a.mac(), "healed"));
        rb.awaitCount(2);
        assertThat(rb.texts()).containsExactly("same side", "healed");
    }

    @Test
    void aCutBlocksOneDirectionOnly() {
        Vnetif a = attach("lab"), b = attach("lab");
        Collector ra = new Collector(), rb = new Collector();
        a.listen(ra);
        b.listen(rb);
        try (Fault cut = sw.cut("lab", a.mac(), b.mac())) {
            a.write(frame(b.mac(), a.mac(), "a to b"));
            b.write(frame(a.mac(), b.mac(), "b to a"));
            ra.awaitCount(1);
            b.write(frame(MacAddress.BROADCAST, b.mac(), "marker"));
            ra.awaitCount(2);
            assertThat(rb.frames).isEmpty();
            sw.heal("lab");
        }
        a.write(frame(b.mac(), a.mac(), "restored"));
        rb.awaitCount(1);
        assertThat(rb.texts()).containsExactly("restored");
    }

    @Test
    void badRulesAreRefusedClearly() {
        assertThatThrownBy(() -> sw.impair("lab").apply()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no effect");
        assertThatThrownBy(() -> sw.impair("lab").loss(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loss probability must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> sw.partition("lab", List.of(List.of(MacAddress.parse("02:00:00:00:00:01")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two");
        assertThat(sw.clearImpairments("default")).isZero();
        assertThatThrownBy(() -> sw.clearImpairments("nowhere")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no network 'nowhere'");
    }

    @Test
    void aMonitorRecordsEverythingSentAndDeliveredAsPcapngCallingTheFillerOnce() throws Exception {
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        PcapngMonitor pcap = PcapngMonitor.toStream(file, "alice");
        Vnetif a = sw.attach(NicOptions.builder().network("lab").monitor(pcap).build());
        Vnetif b = attach("lab");
        Collector ra = new Collector(), rb = new Collector();
        a.listen(ra);
        b.listen(rb);
        AtomicInteger fills = new AtomicInteger();
        a.write(frame(b.mac(), a.mac(), "one"));
        a.write(100, buf -> {
            fills.incrementAndGet();
            byte[] f = frame(b.mac(), a.mac(), "two (filled)").array();
            buf.put(f);
            return f.length;
        });
        rb.awaitCount(2);
        b.write(frame(a.mac(), b.mac(), "back"));
        ra.awaitCount(1);
        a.close();
        pcap.close();

        PcapngReader read = new PcapngReader(file.toByteArray());
        assertThat(fills.get()).isEqualTo(1);
        assertThat(read.interfaceNames).containsExactly("alice");
        assertThat(read.packets).hasSize(3);
        assertThat(read.packets).filteredOn(p -> p.direction() == 2).extracting(PcapngReader.Packet::data)
                .containsExactlyElementsOf(rb.frames);   // what a sent is what b received
        assertThat(read.packets).filteredOn(p -> p.direction() == 1).extracting(PcapngReader.Packet::data)
                .containsExactlyElementsOf(ra.frames);   // what a's listener got
        assertThat(read.packets.get(0).nanos()).isCloseTo(System.currentTimeMillis() * 1_000_000L,
                org.assertj.core.data.Offset.offset(60_000_000_000L));
    }
}
