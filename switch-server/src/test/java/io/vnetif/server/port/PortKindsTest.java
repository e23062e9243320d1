package io.vnetif.server.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vnetif.proto.mapping.SwitchCounters;
import io.vnetif.proto.v1.AttachRawUdpRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.AttachVxlanRequest;
import io.vnetif.proto.v1.DetachRequest;
import io.vnetif.proto.v1.DropCount;
import io.vnetif.proto.v1.DropReason;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.GetStatsResponse;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.SwitchCounter;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.DataPlaneTuning;
import io.vnetif.server.RunningSwitch;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.SwitchServer;
import io.vnetif.server.io.DataTransport;
import io.vnetif.text.HostPort;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * VXLAN peers and raw-UDP ports, played by plain UDP sockets in this JVM, with the switch reading its
 * sockets and sending itself (the default); {@link PortKindsThroughNettyTest} runs the same through Netty's channel.
 */
class PortKindsTest {
    private static final byte[] BROADCAST_FRAME = frame();

    private SwitchServer server;
    private RunningSwitch running;
    private SwitchServiceGrpc.SwitchServiceBlockingStub stub;
    private final DatagramSocket peer1 = socket("127.0.0.1"), peer2 = socket("127.0.0.1");
    /** Another loopback address: VXLAN peers are told apart by address (and VNI), not source port. */
    private final DatagramSocket stranger = socket("127.0.0.2");

    private static DatagramSocket socket(String address) {
        try {
            DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(address));
            s.setSoTimeout(5_000);
            return s;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] frame() {
        byte[] f = new byte[60];
        Arrays.fill(f, 0, 6, (byte) 0xFF);
        f[6] = 0x02;
        f[11] = 0x77;
        f[12] = (byte) 0x88;
        f[13] = (byte) 0xB5;
        f[20] = 42;
        return f;
    }

    private static byte[] vxlan(int vni, byte[] frame) {
        byte[] d = new byte[8 + frame.length];
        d[0] = 0x08;
        d[4] = (byte) (vni >> 16);
        d[5] = (byte) (vni >> 8);
        d[6] = (byte) vni;
        System.arraycopy(frame, 0, d, 8, frame.length);
        return d;
    }

    /** How the switch under test moves datagrams. */
    DataPlaneTuning tuning() {
        return DataPlaneTuning.DEFAULTS;
    }

    @BeforeEach
    void start() throws Exception {
        running = RunningSwitch.start(SwitchConfig.loopback(0, 0).withVxlan(new InetSocketAddress("127.0.0.1", 0)).withDataPlane(tuning()));
        server = running.server();
        stub = running.stub();
    }

    @AfterEach
    void stop() {
        running.close();
        peer1.close();
        peer2.close();
        stranger.close();
    }

    private AttachResponse attachVxlan(DatagramSocket peer, int vni) {
        return stub.attachVxlan(AttachVxlanRequest.newBuilder().setNetwork("lab").setVni(vni)
                .setPeer("127.0.0.1:" + peer.getLocalPort()).setLabel("vx" + vni).build());
    }

    private static byte[] receive(DatagramSocket s) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    private void send(DatagramSocket from, byte[] datagram, InetSocketAddress to) throws Exception {
        from.send(new DatagramPacket(datagram, datagram.length, to));
    }

    @Test
    void vxlanPeersExchangeFramesEachWithItsVni() throws Exception {
        AttachResponse vx42 = attachVxlan(peer1, 42);
        attachVxlan(peer2, 43);
        assertThat(vx42.getLeaseMs()).as("no lease").isZero();
        assertThat(vx42.getDataEndpoint().getPort()).isEqualTo(server.vxlanAddress().getPort());

        send(peer1, vxlan(42, BROADCAST_FRAME), server.vxlanAddress());
        assertThat(receive(peer2)).isEqualTo(vxlan(43, BROADCAST_FRAME));
        assertThat(stub.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList())
                .extracting(p -> p.getKind()).containsOnly("VXLAN");
    }

    /**
     * Bursts read in one batch leave as segmented sends (UDP GSO) to the other peer; a plain socket must
     * still get every datagram by itself, byte for byte and in order, whatever the lengths.
     */
    @Test
    void burstsArriveDatagramByDatagramInOrder() throws Exception {
        running.close();
        running = RunningSwitch.start(SwitchConfig.loopback(0, 0).withVxlan(new InetSocketAddress("127.0.0.1", 0))
                .withMetrics(new InetSocketAddress("127.0.0.1", 0)).withDataPlane(tuning()));
        server = running.server();
        stub = running.stub();
        attachVxlan(peer1, 42);
        attachVxlan(peer2, 43);
        int sent = 0;
        for (int round = 0; round < 8; round++) {
            // The loop waits while the burst queues up in its socket, so it reads the burst in one batch.
            java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            server.dataLoop().execute(() -> {
                holding.countDown();
                try {
                    release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(holding.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            java.util.List<byte[]> burst = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++, sent++) { // 40 fit the receiver's socket buffer at any length here
                byte[] f = Arrays.copyOf(BROADCAST_FRAME, sent % 13 == 0 ? 60 + sent % 7 : sent % 17 == 0 ? 1400 : 200);
                f[14] = (byte) (sent >> 8);
                f[15] = (byte) sent;
                burst.add(f);
                send(peer1, vxlan(42, f), server.vxlanAddress());
            }
            release.countDown();
            for (byte[] f : burst) {
                assertThat(receive(peer2)).as("frame %d", f[14] << 8 | f[15] & 0xFF).isEqualTo(vxlan(43, f));
            }
        }
        if (metric("vnetif_udp_gso_enabled") == 1) { // epoll on a kernel with UDP_SEGMENT
            assertThat(metric("vnetif_udp_gso_datagrams_total")).as("datagrams that left in segmented sends").isPositive();
            assertThat(metric("vnetif_udp_gso_resent_total")).isZero();
        }
        GetStatsResponse stats = stub.getStats(GetStatsRequest.getDefaultInstance());
        Map<String, Long> counters = SwitchCounters.byName(stats);
        if (tuning().directIo() && DataTransport.best().directIoUnavailableReason() == null) {
            assertThat(counters.get("direct_io_enabled")).isEqualTo(1);
            assertThat(counters.get("receive_datagrams")).as("every datagram of the bursts").isEqualTo(sent);
            // A held loop finds each burst of 40 queued: one batch of 32 and one of 8.
            assertThat(counters.get("receive_batches")).isLessThanOrEqualTo(2L * 8);
            assertThat(metric("vnetif_direct_io_enabled")).isEqualTo(1);
            assertThat(metric("vnetif_receive_sender_cache_misses_total")).as("one VXLAN peer sent the bursts").isEqualTo(1);
        } else {
            assertThat(counters.get("direct_io_enabled")).isZero();
            assertThat(counters.get("receive_batches")).isZero();
        }
        // One table feeds both: every counter of GetStats is a metric of the same name and value.
        for (SwitchCounter c : stats.getCountersList()) {
            if (c.getName().equals("data_loop_allocated_bytes")) {
                continue; // the loop allocates between the two reads
            }
            String metric = "vnetif_" + c.getName() + (c.getKind() == SwitchCounter.Kind.COUNTER ? "_total" : "");
            assertThat(metric(metric)).as(metric).isEqualTo((double) c.getValue());
        }
    }

    private double metric(String name) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://" + HostPort.format(server.metricsAddress()) + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(r.body());
        assertThat(m.find()).as("%s in %s", name, r.body()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void vxlanDatagramsNobodyAttachedOrWithoutTheIFlagAreCountedDrops() throws Exception {
        attachVxlan(peer1, 42);
        send(peer1, vxlan(99, BROADCAST_FRAME), server.vxlanAddress());
        send(stranger, vxlan(42, BROADCAST_FRAME), server.vxlanAddress());
        byte[] noFlag = vxlan(42, BROADCAST_FRAME);
        noFlag[0] = 0;
        send(peer1, noFlag, server.vxlanAddress());
        await().atMost(Duration.ofSeconds(5)).until(() -> unattributed(DropReason.UNKNOWN_VXLAN_PEER) == 2
                && unattributed(DropReason.MALFORMED) == 1);
    }

    private long unattributed(DropReason reason) {
        return stub.getStats(GetStatsRequest.getDefaultInstance()).getUnattributedDropsList().stream()
                .filter(d -> d.getReason() == reason).mapToLong(DropCount::getCount).sum();
    }

    @Test
    void rawUdpPortsCarryBareFramesFromTheirRemoteOnly() throws Exception {
        attachVxlan(peer1, 42);
        AttachResponse raw = stub.attachRawUdp(AttachRawUdpRequest.newBuilder().setNetwork("lab")
                .setRemote("127.0.0.1:" + peer2.getLocalPort()).setLabel("qemu").build());
        InetSocketAddress rawEndpoint = new InetSocketAddress(raw.getDataEndpoint().getHost(), raw.getDataEndpoint().getPort());
        assertThat(rawEndpoint.getPort()).isNotEqualTo(server.dataAddress().getPort());

        send(peer2, BROADCAST_FRAME, rawEndpoint);
        assertThat(receive(peer1)).isEqualTo(vxlan(42, BROADCAST_FRAME));
        send(peer1, vxlan(42, BROADCAST_FRAME), server.vxlanAddress());
        assertThat(receive(peer2)).isEqualTo(BROADCAST_FRAME);

        send(stranger, BROADCAST_FRAME, rawEndpoint);
        // Raw UDP carries no credentials: a stranger's datagram is nobody's drop, or anyone could inflate the port's counters.
        await().atMost(Duration.ofSeconds(5)).until(() -> stub.getStats(GetStatsRequest.getDefaultInstance()).getUnattributedDropsList()
                .stream().anyMatch(d -> d.getReason() == DropReason.WRONG_SOURCE_ENDPOINT));
        assertThat(stub.getStats(GetStatsRequest.getDefaultInstance()).getPortsList().stream()
                .filter(p -> p.getPortId() == raw.getPortId()).flatMap(p -> p.getCounters().getDropsList().stream())).isEmpty();

        stub.detach(DetachRequest.newBuilder().setPortId(raw.getPortId()).setSecret(raw.getSecret()).build());
        assertThat(stub.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList()).extracting(p -> p.getKind())
                .containsExactly("VXLAN");
        try (DatagramSocket again = new DatagramSocket(rawEndpoint)) {
            assertThat(again.getLocalPort()).as("the detached port's socket is closed (with its duplicate, when read directly)")
                    .isEqualTo(rawEndpoint.getPort());
        }
    }

    @Test
    void badAttachesAreRefusedPrecisely() throws Exception {
        attachVxlan(peer1, 42);
        assertStatus(() -> attachVxlan(peer1, 42), Status.Code.ALREADY_EXISTS, "VNI 42 exists already");
        assertStatus(() -> attachVxlan(peer1, 0), Status.Code.INVALID_ARGUMENT, "vni 0 out of range");
        assertStatus(() -> stub.attachVxlan(AttachVxlanRequest.newBuilder().setNetwork("lab").setVni(5).setPeer("0.0.0.0").build()),
                Status.Code.INVALID_ARGUMENT, "is not an address to send to");
        assertStatus(() -> stub.attachRawUdp(AttachRawUdpRequest.newBuilder().setNetwork("lab").setRemote("127.0.0.1").build()),
                Status.Code.INVALID_ARGUMENT, "remote: '127.0.0.1' has no port, want host:port");
        try (SwitchServer plain = SwitchServer.start(SwitchConfig.loopback(0, 0))) {
            ManagedChannel c = Grpc.newChannelBuilder(plain.controlTarget(), InsecureChannelCredentials.create()).build();
            try {
                assertStatus(() -> SwitchServiceGrpc.newBlockingStub(c).attachVxlan(AttachVxlanRequest.newBuilder().setVni(1)
                        .setPeer("127.0.0.1").build()), Status.Code.FAILED_PRECONDITION, "start it with --vxlan");
            } finally {
                c.shutdownNow();
            }
        }
    }

    private static void assertStatus(Runnable call, Status.Code code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }
}
