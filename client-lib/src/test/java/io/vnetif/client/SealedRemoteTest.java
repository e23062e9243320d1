package io.vnetif.client;

import static io.vnetif.client.TestFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.vnetif.api.MacAddress;
import io.vnetif.client.TestFrames.Collector;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.GetStatsResponse;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.PortInfo;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.SwitchServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Encrypted remote interfaces end to end: client library, a switch server in this JVM, loopback sockets. */
class SealedRemoteTest {
    private SwitchServer server;
    private VirtualSwitch lan;
    private ManagedChannel admin;
    private SwitchServiceGrpc.SwitchServiceBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        server = SwitchServer.start(SwitchConfig.loopback(0, 0));
        lan = VirtualSwitch.remote(server.controlTarget());
        admin = Grpc.newChannelBuilder(server.controlTarget(), InsecureChannelCredentials.create()).build();
        stub = SwitchServiceGrpc.newBlockingStub(admin);
    }

    @AfterEach
    void stop() {
        lan.close();
        admin.shutdownNow();
        server.close();
    }

    private Vnetif attach(boolean encrypted) {
        return lan.attach(NicOptions.builder().network("lab").encrypted(encrypted).listenerQueueCapacity(1 << 14).build());
    }

    @Test
    void twoEncryptedInterfacesExchangeTenThousandFramesByteForByte() {
        Vnetif a = attach(true), b = attach(true);
        assertThat(stub.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList()).extracting(PortInfo::getEncrypted)
                .containsExactly(true, true);
        Collector ra = new Collector(), rb = new Collector();
        a.listen(ra);
        b.listen(rb);
        Random random = new Random(7);
        List<byte[]> toB = new ArrayList<>(), toA = new ArrayList<>();
        int count = 10_000;
        for (int seq = 0; seq < count; seq++) {
            toB.add(send(a, b.mac(), seq, random));
            toA.add(send(b, a.mac(), seq, random));
            if (seq % 100 == 99) { // windows of 100 frames stay inside any socket buffer
                awaitFrames(rb, seq + 1);
                awaitFrames(ra, seq + 1);
            }
        }
        assertThat(rb.frames).hasSize(count);
        assertThat(ra.frames).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(rb.frames.get(i)).as("frame %d to b", i).isEqualTo(toB.get(i));
            assertThat(ra.frames.get(i)).as("frame %d to a", i).isEqualTo(toA.get(i));
        }
        assertThat(a.stats().rxDropped() + b.stats().rxDropped()).isZero();
        GetStatsResponse stats = stub.getStats(GetStatsRequest.getDefaultInstance());
        assertThat(stats.getPortsList()).allSatisfy(p -> assertThat(p.getCounters().getDropsList()).isEmpty());
        assertThat(stats.getUnattributedDropsList()).isEmpty();
    }

    /** Like {@link Collector#awaitCount}, polling every millisecond: 200 windows must not take 100 ms each. */
    private static void awaitFrames(Collector c, int n) {
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> c.frames.size() >= n);
    }

    private static byte[] send(Vnetif from, MacAddress to, int seq, Random random) {
        byte[] payload = new byte[4 + random.nextInt(from.mtu() - 3)];
        random.nextBytes(payload);
        ByteBuffer.wrap(payload).putInt(seq);
        ByteBuffer f = frame(to, from.mac(), payload);
        from.write(f);
        return f.array();
    }

    @Test
    void encryptedAndPlainInterfacesShareANetwork() {
        Vnetif sealed1 = attach(true), plain = attach(false), sealed2 = attach(true);
        Collector r1 = new Collector(), rp = new Collector(), r2 = new Collector();
        sealed1.listen(r1);
        plain.listen(rp);
        sealed2.listen(r2);

        sealed1.write(frame(MacAddress.BROADCAST, sealed1.mac(), "from sealed"));
        plain.write(frame(MacAddress.BROADCAST, plain.mac(), "from plain"));
        sealed2.write(frame(plain.mac(), sealed2.mac(), "sealed to plain"));
        plain.write(frame(sealed2.mac(), plain.mac(), "plain to sealed"));
        r1.awaitCount(1);
        rp.awaitCount(2);
        r2.awaitCount(3);

        assertThat(r1.texts()).containsExactly("from plain");
        assertThat(rp.texts()).containsExactly("from sealed", "sealed to plain");
        assertThat(r2.texts()).containsExactly("from sealed", "from plain", "plain to sealed");
        assertThat(stub.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList())
                .extracting(p -> p.getMac() + (p.getEncrypted() ? " encrypted" : " plain"))
                .containsExactlyInAnyOrder(sealed1.mac() + " encrypted", plain.mac() + " plain", sealed2.mac() + " encrypted");
    }

    /** Impairments act between opening and sealing: a duplicate is sealed anew, not a replay. */
    @Test
    void impairmentsApplyToEncryptedPortsAsToPlainOnes() {
        Vnetif a = attach(true), b = attach(true);
        Collector rb = new Collector();
        b.listen(rb);
        lan.impair("lab").between(a.mac(), b.mac()).duplicate(1.0).apply();
        a.write(frame(b.mac(), a.mac(), "twice"));
        rb.awaitCount(2);
        assertThat(rb.texts()).containsExactly("twice", "twice");
        assertThat(b.stats().rxRefused()).isEmpty();
    }

    @Test
    void anEncryptedInterfaceReattachesEncryptedAfterTheSwitchRestarts() throws Exception {
        Vnetif a = attach(true), b = attach(true);
        Collector rb = new Collector();
        b.listen(rb);
        int controlPort = server.controlAddress().getPort();
        int dataPort = server.dataAddress().getPort();
        server.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.state() == LinkState.RECONNECTING && b.state() == LinkState.RECONNECTING);
        server = SwitchServer.start(SwitchConfig.loopback(controlPort, dataPort));
        await().atMost(Duration.ofSeconds(15)).until(() -> a.state() == LinkState.UP && b.state() == LinkState.UP);

        a.write(frame(b.mac(), a.mac(), "after the restart"));
        rb.awaitCount(1);
        assertThat(rb.texts()).containsExactly("after the restart");
        admin.shutdownNow();
        admin = Grpc.newChannelBuilder(server.controlTarget(), InsecureChannelCredentials.create()).build();
        assertThat(SwitchServiceGrpc.newBlockingStub(admin).listPorts(ListPortsRequest.getDefaultInstance()).getPortsList())
                .extracting(PortInfo::getEncrypted).containsExactly(true, true);
    }
}
