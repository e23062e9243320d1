package io.vnetif.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vnetif.api.DelayDistribution;
import io.vnetif.client.Fault;
import io.vnetif.client.Impairment;
import io.vnetif.client.NicOptions;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.client.Vnetif;
import io.vnetif.client.pcapng.PcapngMonitor;
import io.vnetif.junit.Nic;
import io.vnetif.junit.VnetifTest;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short Java snippets of the docs, compiled and run here so that the pages quote code that works (DocsIT checks the
 * quotes): a rule from docs/impairments.md#a-test-that-cuts-a-link-mid-test, a recording interface from
 * docs/capture-and-metrics.md#capture-to-wireshark, faults scoped to a block from docs/testing.md#the-extension.
 */
@VnetifTest
class DocSnippetsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A frame from {@code from} to {@code to} with an experimental EtherType and a 50-byte payload. */
    private static ByteBuffer frame(Vnetif from, Vnetif to) {
        ByteBuffer frame = ByteBuffer.allocate(14 + 50);
        frame.put(to.mac().toBytes()).put(from.mac().toBytes()).putShort((short) 0x88B5).position(frame.capacity()).flip();
        return frame;
    }

    private static void sendFrames(Vnetif from, Vnetif to, int count) {
        for (int i = 0; i < count; i++) {
            from.write(frame(from, to));
        }
    }

    @Test
    void aRuleFromTheJavaApi(VirtualSwitch lan, @Nic(network = "lab") Vnetif client, @Nic(network = "lab") Vnetif server) {
        AtomicInteger received = new AtomicInteger();
        server.listen(frame -> received.incrementAndGet());
        // docs:begin impairment-rule
        try (Impairment wan = lan.impair("lab").deliveredTo(server.mac())
                .loss(0.01).delay(Duration.ofMillis(20), Duration.ofMillis(5), DelayDistribution.NORMAL).apply()) {
            sendFrames(client, server, 1200);   // the traffic under test
            System.out.println(wan.counts());   // {LOST=12, DELAYED=1188}; wan.seed() replays the run
        }
        // docs:end impairment-rule
        // Frames held when the rule goes are still delivered; about 1 % were lost (none lost: p = 6e-6).
        await().atMost(TIMEOUT).until(() -> received.get() >= 1150);
        assertThat(received.get()).isLessThan(1200);
    }

    @Test
    void anInterfaceRecordsItsOwnTraffic(VirtualSwitch lan, @Nic(network = "lab") Vnetif bob, @TempDir Path dir) throws Exception {
        // docs:begin pcapng-monitor
        try (PcapngMonitor pcap = PcapngMonitor.toFile(dir.resolve("alice.pcapng"), "alice");
             Vnetif alice = lan.attach(NicOptions.builder().network("lab").monitor(pcap).build())) {
            alice.write(frame(alice, bob));   // every frame alice sends or receives lands in alice.pcapng
        }
        // docs:end pcapng-monitor
        byte[] pcapng = Files.readAllBytes(dir.resolve("alice.pcapng"));
        assertThat(pcapng).hasSizeGreaterThan(64);
        assertThat(new String(pcapng, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("\n\r\r\n");
    }

    @Test
    void impairmentsScopedToABlock(VirtualSwitch lan, @Nic(network = "lab") Vnetif alice, @Nic(network = "lab") Vnetif bob) {
        AtomicInteger heard = new AtomicInteger();
        bob.listen(frame -> heard.incrementAndGet());
        ByteBuffer frame = frame(alice, bob);
        // docs:begin test-impairments
        try (Impairment lossy = lan.impair("lab").deliveredTo(bob.mac()).loss(0.2).seed(7).apply()) {
            alice.write(frame);                                    // bob gets it or not, as seed 7 says
        }
        try (Fault cut = lan.cut("lab", alice.mac(), bob.mac())) {
            alice.write(frame);                                    // never reaches bob
        }                                                          // healed at the end of the block
        // docs:end test-impairments
        alice.write(frame);
        await().atMost(TIMEOUT).until(() -> heard.get() >= 1);
        assertThat(heard.get()).isBetween(1, 2);
    }
}
