package io.vnetif.client;

import static io.vnetif.client.TestFrames.assertAFrameCrosses;
import static io.vnetif.client.TestFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.vnetif.api.MacAddress;
import io.vnetif.client.TestFrames.Collector;
import io.vnetif.core.SwitchLimits;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.SwitchServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What only the remote backend does: unreachable switches, leases, re-attach after a restart. */
class RemoteSwitchTest {
    @Test
    void anUnreachableSwitchIsReportedWithItsAddress() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String target = "127.0.0.1:" + closedPort;
        try (VirtualSwitch sw = VirtualSwitch.remote(target)) {
            assertThatThrownBy(() -> sw.attach("lab")).isInstanceOf(SwitchUnreachableException.class)
                    .hasMessageContaining("switch at " + target + " is unreachable")
                    .hasMessageContaining("connection refused (is the switch running");
        }
    }

    @Test
    void anAddressWithoutAPortMeansTheDefaultControlPortNotGrpcs443() {
        try (VirtualSwitch sw = VirtualSwitch.remote("127.0.0.1")) {
            // Nothing listens on 7400 here unless a switch runs; either way the message names the port tried.
            assertThat(((RemoteSwitch) sw).target()).isEqualTo("127.0.0.1:7400");
        }
    }

    @Test
    void aBadPortIsRefusedAtOnceAndAnUnknownHostInOneLine() {
        assertThatThrownBy(() -> VirtualSwitch.remote("127.0.0.1:99999")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("switch address: '127.0.0.1:99999': port 99999 out of range 1..65535");
        try (VirtualSwitch sw = VirtualSwitch.remote("nohost.invalid:7400")) {
            assertThatThrownBy(() -> sw.attach("lab")).isInstanceOf(SwitchUnreachableException.class)
                    .hasMessage("switch at nohost.invalid:7400 is unreachable (attach to network 'lab'): cannot resolve host 'nohost.invalid'");
        }
    }

    @Test
    void theSwitchAddressOfTheEnvironmentIsThePropertyThenTheVariable() {
        java.util.Properties properties = new java.util.Properties();
        assertThat(RemoteSwitch.configuredAddress(properties, java.util.Map.of())).isEmpty();
        assertThat(RemoteSwitch.configuredAddress(properties, java.util.Map.of("VNETIF_SWITCH", "198.18.0.5:7400")))
                .contains("198.18.0.5:7400");
        properties.setProperty("vnetif.switch", "127.0.0.1:17400");
        assertThat(RemoteSwitch.configuredAddress(properties, java.util.Map.of("VNETIF_SWITCH", "198.18.0.5:7400")))
                .contains("127.0.0.1:17400");
        properties.setProperty("vnetif.switch", " ");
        assertThat(RemoteSwitch.configuredAddress(properties, java.util.Map.of("VNETIF_SWITCH", ""))).isEmpty();
    }

    @Test
    void theLeaseKeepsAPortAliveAndCloseRemovesItAtOnce() throws Exception {
        try (SwitchServer server = SwitchServer.start(SwitchConfig.loopback(0, 0).withLease(Duration.ofSeconds(1)));
             VirtualSwitch sw = VirtualSwitch.remote(server.controlTarget())) {
            ManagedChannel admin = Grpc.newChannelBuilder(server.controlTarget(), InsecureChannelCredentials.create()).build();
            try {
                SwitchServiceGrpc.SwitchServiceBlockingStub stub = SwitchServiceGrpc.newBlockingStub(admin);
                Vnetif nic = sw.attach("lab");
                // Three lease periods: without renewals the port would be gone after one.
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> stub.listPorts(ListPortsRequest.getDefaultInstance()).getPortsCount() == 1);
                assertThat(stub.listPorts(ListPortsRequest.getDefaultInstance()).getPorts(0).getDataEndpoint()).startsWith("127.0.0.1:");
                nic.close();
                assertThat(stub.listPorts(ListPortsRequest.getDefaultInstance()).getPortsCount()).isZero();
            } finally {
                admin.shutdownNow();
            }
        }
    }

    /**
     * A switch that shuts down tells its clients (the lease streams end with "switch shutting down"): with
     * a one-minute lease, they still notice within seconds and re-attach to the restarted switch.
     */
    @Test
    void interfacesReattachWithTheirMacAfterTheSwitchRestartsAndFramesFlowAgain() throws Exception {
        Duration longLease = Duration.ofMinutes(1);
        SwitchServer first = SwitchServer.start(SwitchConfig.loopback(0, 0).withLease(longLease));
        int controlPort = first.controlAddress().getPort();
        int dataPort = first.dataAddress().getPort();
        try (VirtualSwitch sw = VirtualSwitch.remote(first.controlTarget())) {
            Vnetif a = sw.attach("lab");
            Vnetif b = sw.attach("lab");
            MacAddress macA = a.mac();
            List<LinkState> statesA = new CopyOnWriteArrayList<>();
            a.onStateChange(statesA::add);
            Collector rb = new Collector();
            b.listen(rb);
            a.write(frame(b.mac(), a.mac(), "before"));
            rb.awaitCount(1);

            first.close();
            await().atMost(Duration.ofSeconds(3)).until(() -> a.state() == LinkState.RECONNECTING && b.state() == LinkState.RECONNECTING);
            a.write(frame(b.mac(), a.mac(), "while down"));
            assertThat(a.stats().txDropped()).isEqualTo(1);

            try (SwitchServer second = SwitchServer.start(SwitchConfig.loopback(controlPort, dataPort).withLease(longLease))) {
                await().atMost(Duration.ofSeconds(15)).until(() -> a.state() == LinkState.UP && b.state() == LinkState.UP);
                assertThat(a.mac()).isEqualTo(macA);
                assertThat(statesA).containsExactly(LinkState.RECONNECTING, LinkState.UP);
                a.write(frame(b.mac(), a.mac(), "after"));
                rb.awaitCount(2);
                assertThat(rb.texts()).containsExactly("before", "after");
                sw.close();
            }
        }
    }

    /** Floods queue a lot of output within one receive batch; none of it may be refused. */
    @Test
    void burstsOfBroadcastsReachEveryPortWithoutDrops() throws Exception {
        try (SwitchServer server = SwitchServer.start(SwitchConfig.loopback(0, 0));
             VirtualSwitch sw = VirtualSwitch.remote(server.controlTarget())) {
            Vnetif sender = sw.attach("lab");
            List<Vnetif> receivers = new java.util.ArrayList<>();
            for (int i = 0; i < 15; i++) {
                Vnetif r = sw.attach("lab");
                r.listen(frame -> { });
                receivers.add(r);
            }
            byte[] payload = new byte[1500];
            for (int i = 0; i < 150; i++) {
                sender.write(frame(MacAddress.BROADCAST, sender.mac(), payload));
            }
            // Up to 32 x 1514 bytes x 15 ports per receive batch, flushed at its end: far beyond Netty's
            // default 64 KiB of queued output, which once turned most of these deliveries into drops.
            await().atMost(Duration.ofSeconds(20)).until(() -> receivers.stream().allMatch(r -> r.stats().rxFrames() == 150));
            assertThat(receivers).allSatisfy(r -> assertThat(r.stats().rxDropped()).isZero());
        }
    }

    @Test
    void worksOverIpv6Loopback() throws Exception {
        InetSocketAddress any6 = new InetSocketAddress("::1", 0);
        SwitchConfig config = new SwitchConfig(any6, any6, null, null, null, SwitchConfig.DEFAULT_LEASE, SwitchLimits.DEFAULTS, null, null);
        try (SwitchServer server = SwitchServer.start(config);
             VirtualSwitch sw = VirtualSwitch.remote(server.controlTarget())) {
            assertThat(server.controlTarget()).startsWith("[0:0:0:0:0:0:0:1]:");
            assertAFrameCrosses(sw, "v6", "over ::1");
        }
    }

    /** A capture whose reader does not read: the switch goes on at full speed, the capture reports its loss. */
    @Test
    void aSlowCaptureReaderNeverSlowsTheSwitchAndIsToldWhatItLost() throws Exception {
        try (SwitchServer server = SwitchServer.start(SwitchConfig.loopback(0, 0));
             VirtualSwitch sw = VirtualSwitch.remote(server.controlTarget())) {
            ManagedChannel admin = Grpc.newChannelBuilder(server.controlTarget(), InsecureChannelCredentials.create()).build();
            try {
                java.util.concurrent.BlockingQueue<io.vnetif.proto.v1.CaptureEvent> events = new java.util.concurrent.LinkedBlockingQueue<>();
                java.util.concurrent.atomic.AtomicReference<io.grpc.stub.ClientCallStreamObserver<?>> call = new java.util.concurrent.atomic.AtomicReference<>();
                SwitchServiceGrpc.newStub(admin).capture(io.vnetif.proto.v1.CaptureRequest.newBuilder().setNetwork("lab").build(),
                        new io.grpc.stub.ClientResponseObserver<io.vnetif.proto.v1.CaptureRequest, io.vnetif.proto.v1.CaptureEvent>() {
                            @Override
                            public void beforeStart(io.grpc.stub.ClientCallStreamObserver<io.vnetif.proto.v1.CaptureRequest> requests) {
                                requests.disableAutoRequestWithInitial(1); // read one event, then nothing
                                call.set(requests);
                            }

                            @Override
                            public void onNext(io.vnetif.proto.v1.CaptureEvent value) {
                                events.add(value);
                            }

                            @Override
                            public void onError(Throwable t) {
                            }

                            @Override
                            public void onCompleted() {
                            }
                        });
                Vnetif a = sw.attach("lab"), b = sw.attach("lab");
                Collector rb = new Collector();
                b.listen(rb);
                byte[] payload = new byte[1400];
                for (int i = 0; i < 12_000; i++) {
                    a.write(frame(b.mac(), a.mac(), payload));
                    if (i % 100 == 99) {
                        rb.awaitCount(i + 1);
                    }
                }
                rb.awaitCount(12_000);
                assertThat(b.stats().rxFrames()).as("every frame delivered while the capture did not read").isEqualTo(12_000);
                call.get().request(Integer.MAX_VALUE);
                await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().anyMatch(e -> e.hasLoss()));
                long lost = events.stream().filter(e -> e.hasLoss()).mapToLong(e -> e.getLoss().getFrames()).sum();
                assertThat(lost).as("2 x 12 000 frames tapped, at most 8192 queued, some in gRPC's buffers").isPositive();
            } finally {
                admin.shutdownNow();
            }
        }
    }
}
