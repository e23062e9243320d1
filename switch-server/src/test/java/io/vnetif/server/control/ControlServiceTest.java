package io.vnetif.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.vnetif.core.SwitchLimits;
import io.vnetif.proto.v1.AddImpairmentRequest;
import io.vnetif.proto.v1.AttachRawUdpRequest;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.AttachVxlanRequest;
import io.vnetif.proto.v1.BlackoutSpec;
import io.vnetif.proto.v1.CutRequest;
import io.vnetif.proto.v1.DelaySpec;
import io.vnetif.proto.v1.DetachRequest;
import io.vnetif.proto.v1.FrameFilter;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.ImpairmentRule;
import io.vnetif.proto.v1.ImpairmentScope;
import io.vnetif.proto.v1.ImpairmentSpec;
import io.vnetif.proto.v1.LeaseRequest;
import io.vnetif.proto.v1.LeaseResponse;
import io.vnetif.proto.v1.ListImpairmentsRequest;
import io.vnetif.proto.v1.ListImpairmentsResponse;
import io.vnetif.proto.v1.ListNetworksRequest;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.LossSpec;
import io.vnetif.proto.v1.PartitionRequest;
import io.vnetif.proto.v1.PortGroup;
import io.vnetif.proto.v1.PortRef;
import io.vnetif.proto.v1.RemoveImpairmentRequest;
import io.vnetif.proto.v1.RemovePortRequest;
import io.vnetif.proto.v1.ResetStatsRequest;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.RunningSwitch;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.SwitchServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControlServiceTest {
    private RunningSwitch running;
    private SwitchServer server;
    private ManagedChannel channel;
    private SwitchServiceGrpc.SwitchServiceBlockingStub stub;

    private void start(Duration lease) throws Exception {
        start(SwitchConfig.loopback(0, 0).withLease(lease));
    }

    private void start(SwitchConfig config) throws Exception {
        running = RunningSwitch.start(config);
        server = running.server();
        channel = running.channel();
        stub = running.stub();
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private static AttachRequest.Builder attach(String network) {
        return AttachRequest.newBuilder().setNetwork(network);
    }

    @Test
    void attachReturnsEverythingAClientNeeds() throws Exception {
        start(Duration.ofSeconds(5));
        AttachResponse r = stub.attach(attach("lab").setLabel("web").build());
        assertThat(r.getNetwork()).isEqualTo("lab");
        assertThat(r.getMac()).matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
        assertThat(r.getMtu()).isEqualTo(1500);
        assertThat(r.getSecret()).isNotZero();
        assertThat(r.getDataEndpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(r.getDataEndpoint().getPort()).isEqualTo(server.dataAddress().getPort());
        assertThat(r.getLeaseMs()).isEqualTo(5000);
        AttachResponse dflt = stub.attach(AttachRequest.getDefaultInstance());
        assertThat(dflt.getNetwork()).isEqualTo("default");
        assertThat(dflt.getSecret()).isNotEqualTo(r.getSecret());
    }

    @Test
    void badArgumentsGetPreciseStatuses() throws Exception {
        start(Duration.ofSeconds(5));
        stub.attach(attach("lab").setMac("02:00:00:00:00:01").build());
        assertStatus(() -> stub.attach(attach("lab").setMac("02:00:00:00:00:01").build()),
                Status.Code.ALREADY_EXISTS, "MAC 02:00:00:00:00:01 is already used by another port of network 'lab'");
        assertStatus(() -> stub.attach(attach("lab").setMac("zz").build()), Status.Code.INVALID_ARGUMENT, "mac: not a MAC address");
        assertStatus(() -> stub.attach(attach("lab").setMtu(20).build()), Status.Code.INVALID_ARGUMENT, "mtu 20 out of range 68..9000");
        assertStatus(() -> stub.attach(attach("bad name").build()), Status.Code.INVALID_ARGUMENT, "bad network name 'bad name'");
        assertStatus(() -> stub.attach(attach("lab").setClientDataEndpoint("nohost").build()),
                Status.Code.INVALID_ARGUMENT, "client_data_endpoint: 'nohost' has no port");
        assertStatus(() -> stub.detach(DetachRequest.newBuilder().setPortId(12345).build()), Status.Code.NOT_FOUND, "no port 12345");
        AttachResponse r = stub.attach(attach("lab").build());
        assertStatus(() -> stub.detach(DetachRequest.newBuilder().setPortId(r.getPortId()).setSecret(r.getSecret() + 1).build()),
                Status.Code.PERMISSION_DENIED, "wrong secret");
        assertStatus(() -> stub.getStats(GetStatsRequest.newBuilder().setNetwork("nope").build()), Status.Code.NOT_FOUND, "no network 'nope'");
        assertStatus(() -> stub.resetStats(ResetStatsRequest.newBuilder().setNetwork("nope").build()), Status.Code.NOT_FOUND, "no network 'nope'");
        assertStatus(() -> stub.listPorts(ListPortsRequest.newBuilder().setNetwork("nope").build()), Status.Code.NOT_FOUND, "no network 'nope'");
    }

    /**
     * A port's endpoint is where the switch sends its frames: port 0 made every segmented send fail
     * (EINVAL), which once turned UDP GSO off for the whole switch; a wildcard, multicast or broadcast
     * address is no single peer. All are refused before a port exists.
     */
    @Test
    void endpointsTheSwitchCannotSendToAreRefused() throws Exception {
        start(SwitchConfig.loopback(0, 0).withVxlan(new java.net.InetSocketAddress("127.0.0.1", 0)));
        for (String endpoint : java.util.List.of("127.0.0.1:0", "0.0.0.0:0", "0.0.0.0:9", "[::]:9", "255.255.255.255:9", "224.0.0.1:9",
                "[ff02::1]:9")) {
            assertStatus(() -> stub.attach(attach("lab").setClientDataEndpoint(endpoint).build()), Status.Code.INVALID_ARGUMENT,
                    "client_data_endpoint: '" + endpoint + "' is not an address to send to");
            // Port 0 is out of the range a peer's port is read in; the rest is no address to send to.
            assertStatus(() -> stub.attachRawUdp(io.vnetif.proto.v1.AttachRawUdpRequest.newBuilder().setNetwork("lab").setRemote(endpoint)
                    .build()), Status.Code.INVALID_ARGUMENT, "remote: '" + endpoint + "'");
            assertStatus(() -> stub.attachVxlan(io.vnetif.proto.v1.AttachVxlanRequest.newBuilder().setNetwork("lab").setVni(7)
                    .setPeer(endpoint).build()), Status.Code.INVALID_ARGUMENT, "peer: '" + endpoint + "'");
        }
        assertThat(stub.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList()).isEmpty();
    }

    /** Every rule, cut and partition is control state on the data-plane thread: 100 000 rules were once accepted. */
    @Test
    void rulesAndCutsBeyondTheirLimitsAreResourceExhausted() throws Exception {
        start(Duration.ofSeconds(5));
        stub.attach(attach("lab").build());
        ImpairmentSpec loss = ImpairmentSpec.newBuilder().setLoss(LossSpec.newBuilder().setProbability(0.1)).build();
        for (int i = 0; i < 64; i++) {
            stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("lab").setSpec(loss).build());
        }
        assertStatus(() -> stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("lab").setSpec(loss).build()),
                Status.Code.RESOURCE_EXHAUSTED, "network 'lab' already has 64 impairment rules (limit 64, --max-rules-per-network)");
        for (int i = 0; i < 1024; i++) {
            stub.cut(io.vnetif.proto.v1.CutRequest.newBuilder().setNetwork("lab").setBeforeAttach(true) // MACs on no port yet
                    .setFrom(PortRef.newBuilder().setMac(String.format("02:00:00:00:%02x:%02x", i >> 8, i & 0xFF)))
                    .setTo(PortRef.newBuilder().setMac("02:00:00:00:ff:ff")).build());
        }
        assertStatus(() -> stub.cut(io.vnetif.proto.v1.CutRequest.newBuilder().setNetwork("lab").setBeforeAttach(true)
                        .setFrom(PortRef.newBuilder().setMac("02:00:00:01:00:00")).setTo(PortRef.newBuilder().setMac("02:00:00:00:ff:ff")).build()),
                Status.Code.RESOURCE_EXHAUSTED, "network 'lab' already has 1024 cut links (limit 1024, --max-cuts-per-network)");
        assertThat(stub.listImpairments(ListImpairmentsRequest.newBuilder().setNetwork("lab").build()).getRulesCount()).isEqualTo(64);
    }

    /** Port security: a bridge port pins its stations; only a bridge may, and at most 64. */
    @Test
    void aBridgePortPinsItsStationsAndListingsShowThem() throws Exception {
        start(Duration.ofSeconds(5));
        AttachResponse bridge = stub.attach(attach("lab").setAllowForeignSourceMacs(true)
                .addStations("02:00:00:00:10:02").addStations("02:00:00:00:10:01").build());
        assertThat(stub.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList()).filteredOn(p -> p.getPortId() == bridge.getPortId())
                .singleElement().satisfies(p -> assertThat(p.getStationsList()).containsExactly("02:00:00:00:10:01", "02:00:00:00:10:02"));
        assertStatus(() -> stub.attach(attach("lab").addStations("02:00:00:00:10:03").build()), Status.Code.INVALID_ARGUMENT,
                "only a port that allows foreign source MACs (a bridge) has stations behind it to pin");
        assertStatus(() -> stub.attach(attach("lab").setMac("02:00:00:00:10:01").build()), Status.Code.ALREADY_EXISTS, "already used");
        assertStatus(() -> stub.attach(attach("lab").setAllowForeignSourceMacs(true).addStations("zz").build()), Status.Code.INVALID_ARGUMENT,
                "stations: not a MAC address");
        AttachRequest.Builder many = attach("lab").setAllowForeignSourceMacs(true);
        for (int i = 0; i < 65; i++) {
            many.addStations(String.format("02:00:00:00:20:%02x", i));
        }
        assertStatus(() -> stub.attach(many.build()), Status.Code.INVALID_ARGUMENT, "65 stations to pin (at most 64 per port)");
    }

    /**
     * A port aimed at the switch itself makes one broadcast a storm without end (two VXLAN ports whose peer
     * was the switch's own VXLAN socket: 64 000 frames/s, a full core, until restart): refused, whatever
     * address reaches the socket.
     */
    @Test
    void peersThatAreTheSwitchsOwnSocketsAreRefused() throws Exception {
        start(SwitchConfig.loopback(0, 0).withVxlan(new InetSocketAddress("0.0.0.0", 0)));
        int vxlan = server.vxlanAddress().getPort();
        String data = "127.0.0.1:" + server.dataAddress().getPort();
        for (String peer : java.util.List.of("127.0.0.1:" + vxlan, "127.0.0.2:" + vxlan)) { // a wildcard socket: any local address
            assertStatus(() -> stub.attachVxlan(AttachVxlanRequest.newBuilder().setNetwork("lab").setVni(7).setPeer(peer).build()),
                    Status.Code.INVALID_ARGUMENT, "peer: " + peer + " is the switch's own VXLAN socket: frames sent there would come back");
        }
        assertStatus(() -> stub.attachVxlan(AttachVxlanRequest.newBuilder().setNetwork("lab").setVni(7).setPeer(data).build()),
                Status.Code.INVALID_ARGUMENT, "is the switch's own data socket");
        assertStatus(() -> stub.attach(attach("lab").setClientDataEndpoint(data).build()), Status.Code.INVALID_ARGUMENT,
                "client_data_endpoint: " + data + " is the switch's own data socket");
        try (java.net.DatagramSocket qemu = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            AttachResponse raw = stub.attachRawUdp(AttachRawUdpRequest.newBuilder().setNetwork("lab")
                    .setRemote("127.0.0.1:" + qemu.getLocalPort()).build());
            String rawSocket = "127.0.0.1:" + raw.getDataEndpoint().getPort();
            assertStatus(() -> stub.attachRawUdp(AttachRawUdpRequest.newBuilder().setNetwork("lab").setRemote(rawSocket).build()),
                    Status.Code.INVALID_ARGUMENT, "remote: " + rawSocket + " is the socket of the switch's raw-UDP port");
            int free;
            try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
                free = probe.getLocalPort();
            }
            assertStatus(() -> stub.attachRawUdp(AttachRawUdpRequest.newBuilder().setNetwork("lab").setLocalPort(free)
                    .setRemote("127.0.0.1:" + free).build()), Status.Code.INVALID_ARGUMENT, "is the port's own socket");
            assertThat(stub.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList()).extracting(p -> p.getPortId())
                    .containsExactly(raw.getPortId());
        }
    }

    /**
     * Each datagram to a network leaves as one datagram per port: 1000 VXLAN ports aimed at one address
     * turned a 104-byte datagram into 1000 there. Ports sending to one endpoint are bounded.
     */
    @Test
    void portsSendingToOnePeerAreBounded() throws Exception {
        start(SwitchConfig.loopback(0, 0).withVxlan(new InetSocketAddress("127.0.0.1", 0))
                .withControlLimits(ControlLimits.DEFAULTS.withPorts(new io.vnetif.server.port.PortLimits(4096, 2, 256))));
        try (java.net.DatagramSocket victim = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            String peer = "127.0.0.1:" + victim.getLocalPort();
            AttachResponse first = stub.attachVxlan(AttachVxlanRequest.newBuilder().setNetwork("lab").setVni(1).setPeer(peer).build());
            stub.attachVxlan(AttachVxlanRequest.newBuilder().setNetwork("lab").setVni(2).setPeer(peer).build());
            String message = "2 ports already send to " + peer + " (limit 2 per peer, --max-ports-per-peer)";
            assertStatus(() -> stub.attachVxlan(AttachVxlanRequest.newBuilder().setNetwork("lab").setVni(3).setPeer(peer).build()),
                    Status.Code.RESOURCE_EXHAUSTED, message);
            assertStatus(() -> stub.attach(attach("lab").setClientDataEndpoint(peer).build()), Status.Code.RESOURCE_EXHAUSTED, message);
            stub.detach(DetachRequest.newBuilder().setPortId(first.getPortId()).setSecret(first.getSecret()).build());
            stub.attach(attach("lab").setClientDataEndpoint(peer).build());
        }
    }

    private static void assertStatus(Runnable call, Status.Code code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }

    @Test
    void attachesBeyondTheRateLimitGetResourceExhaustedWithARetryTime() throws Exception {
        start(SwitchConfig.loopback(0, 0).withLimits(SwitchLimits.DEFAULTS.withAttachesPerSecond(3)));
        for (int i = 0; i < 3; i++) {
            stub.attach(attach("lab").build());
        }
        assertStatus(() -> stub.attach(attach("lab").build()), Status.Code.RESOURCE_EXHAUSTED,
                "too many attaches: the switch accepts 3 per second (--max-attaches-per-second); retry in");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> stub.attach(attach("lab").build()) != null);
    }

    @Test
    void listingsShowNetworksAndPorts() throws Exception {
        start(Duration.ofSeconds(5));
        AttachResponse a = stub.attach(attach("lab").setLabel("a").build());
        stub.attach(attach("other").setLabel("b").setClientDataEndpoint("127.0.0.1:9").build());
        assertThat(stub.listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList())
                .extracting(n -> n.getName() + "/" + n.getPorts()).containsExactly("default/0", "lab/1", "other/1");
        assertThat(stub.listPorts(ListPortsRequest.newBuilder().setNetwork("lab").build()).getPortsList())
                .singleElement().satisfies(p -> {
                    assertThat(p.getPortId()).isEqualTo(a.getPortId());
                    assertThat(p.getLabel()).isEqualTo("a");
                    assertThat(p.getMac()).isEqualTo(a.getMac());
                    assertThat(p.getDataEndpoint()).isEmpty();
                    assertThat(p.getLeaseRemainingMs()).isBetween(1, 5000);
                });
        assertThat(stub.listPorts(ListPortsRequest.newBuilder().setNetwork("other").build()).getPorts(0).getDataEndpoint())
                .isEqualTo("127.0.0.1:9");
        stub.detach(DetachRequest.newBuilder().setPortId(a.getPortId()).setSecret(a.getSecret()).build());
        assertThat(stub.listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList())
                .extracting(n -> n.getName()).containsExactly("default", "other");
    }

    @Test
    void aPortWhoseLeaseIsNotRenewedDisappearsAndItsMacIsFreeAgain() throws Exception {
        start(Duration.ofMillis(300));
        stub.attach(attach("lab").setMac("02:00:00:00:00:07").build());
        await().atMost(Duration.ofSeconds(5)).until(() -> stub.listPorts(ListPortsRequest.getDefaultInstance()).getPortsCount() == 0);
        assertThat(stub.attach(attach("lab").setMac("02:00:00:00:00:07").build()).getMac()).isEqualTo("02:00:00:00:00:07");
    }

    @Test
    void leaseStreamAnswersRenewalsAndFailsForUnknownPortsOrWrongSecrets() throws Exception {
        start(Duration.ofSeconds(5));
        AttachResponse r = stub.attach(attach("lab").build());
        SwitchServiceGrpc.SwitchServiceStub async = SwitchServiceGrpc.newStub(channel);

        CompletableFuture<LeaseResponse> answered = new CompletableFuture<>();
        StreamObserver<LeaseRequest> good = async.lease(observer(answered, new CompletableFuture<>()));
        good.onNext(LeaseRequest.newBuilder().setPortId(r.getPortId()).setSecret(r.getSecret()).build());
        assertThat(answered.get(5, TimeUnit.SECONDS).getLeaseMs()).isEqualTo(5000);
        good.onCompleted();

        CompletableFuture<Throwable> denied = new CompletableFuture<>();
        async.lease(observer(new CompletableFuture<>(), denied))
                .onNext(LeaseRequest.newBuilder().setPortId(r.getPortId()).setSecret(r.getSecret() ^ 1).build());
        assertThat(Status.fromThrowable(denied.get(5, TimeUnit.SECONDS)).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);

        CompletableFuture<Throwable> missing = new CompletableFuture<>();
        async.lease(observer(new CompletableFuture<>(), missing)).onNext(LeaseRequest.newBuilder().setPortId(r.getPortId() + 1).build());
        assertThat(Status.fromThrowable(missing.get(5, TimeUnit.SECONDS)).getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    /** Completes {@code first} with the first message and {@code error} with the stream's failure. */
    private static <T> StreamObserver<T> observer(CompletableFuture<T> first, CompletableFuture<Throwable> error) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                first.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                error.complete(t);
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    @Test
    void impairmentRequestsAreCheckedFieldByField() throws Exception {
        start(Duration.ofSeconds(5));
        AttachResponse web = stub.attach(attach("lab").setLabel("web").build());
        stub.attach(attach("lab").setLabel("twin").build());
        stub.attach(attach("lab").setLabel("twin").build());
        ImpairmentSpec.Builder loss = ImpairmentSpec.newBuilder().setLoss(LossSpec.newBuilder().setProbability(0.5));
        assertStatus(() -> stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("lab").build()),
                Status.Code.INVALID_ARGUMENT, "spec is missing");
        assertStatus(() -> stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("lab")
                        .setSpec(loss.clone().setScope(ImpairmentScope.newBuilder().setPort(PortRef.newBuilder().setLabel("web")))).build()),
                Status.Code.INVALID_ARGUMENT, "scope NETWORK takes no port and no peer (is scope.kind set?)");
        assertStatus(() -> stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("lab")
                        .setSpec(loss.clone().setScope(scope(ImpairmentScope.Kind.DELIVERED_TO, PortRef.newBuilder().setLabel("twin")))).build()),
                Status.Code.INVALID_ARGUMENT, "label 'twin' names 2 ports");
        assertStatus(() -> stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("lab")
                        .setSpec(loss.clone().setScope(scope(ImpairmentScope.Kind.SENT_BY, PortRef.newBuilder().setPortId(web.getPortId() + 99)))).build()),
                Status.Code.NOT_FOUND, "no port");
        assertStatus(() -> stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("lab")
                        .setSpec(ImpairmentSpec.newBuilder().setDelay(DelaySpec.newBuilder().setDelayNs(1).setDistributionValue(9))).build()),
                Status.Code.INVALID_ARGUMENT, "delay.distribution 9 is not a distribution");
        assertStatus(() -> stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("lab")
                        .setSpec(ImpairmentSpec.newBuilder().setBlackout(BlackoutSpec.newBuilder().setDurationNs(-1))).build()),
                Status.Code.INVALID_ARGUMENT, "blackout.duration_ns 18446744073709551615 out of range 0..86400000000000");
        assertStatus(() -> stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("lab")
                        .setSpec(ImpairmentSpec.newBuilder().setLoss(LossSpec.newBuilder().setProbability(2))).build()),
                Status.Code.INVALID_ARGUMENT, "loss probability must be in [0, 1], got 2.0");
        assertStatus(() -> stub.removeImpairment(RemoveImpairmentRequest.newBuilder().setId(77).build()), Status.Code.NOT_FOUND, "no impairment rule 77");

        ImpairmentRule rule = stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("lab")
                .setSpec(loss.clone().setScope(scope(ImpairmentScope.Kind.DELIVERED_TO, PortRef.newBuilder().setLabel("web")))).build());
        assertThat(rule.getSpec().getScope().getPort().getMac()).isEqualTo(web.getMac());
        assertThat(rule.getSpec().hasSeed()).isTrue();
        assertThat(rule.getDescription()).isEqualTo("delivered to " + web.getMac() + ": loss 50%");
        PartitionRequest.Builder split = PartitionRequest.newBuilder().setNetwork("lab")
                .addGroups(PortGroup.newBuilder().addPorts(PortRef.newBuilder().setLabel("web")))
                .addGroups(PortGroup.newBuilder().addPorts(PortRef.newBuilder().setMac("02:00:00:00:00:99")));
        assertStatus(() -> stub.partition(split.build()), Status.Code.NOT_FOUND,
                "groups[1]: no port with MAC 02:00:00:00:00:99 on network 'lab' (to set a rule up before it attaches: before_attach");
        stub.partition(split.setBeforeAttach(true).build());
        ListImpairmentsResponse listed = stub.listImpairments(ListImpairmentsRequest.getDefaultInstance());
        assertThat(listed.getRulesList()).extracting(ImpairmentRule::getId).containsExactly(rule.getId());
        assertThat(listed.getFaults(0).getPartition(0).getMacsList()).containsExactly(web.getMac());
    }

    @Test
    void anOperatorRemovesAnyPortByIdWithoutItsSecret() throws Exception {
        start(Duration.ofSeconds(5));
        AttachResponse native1 = stub.attach(attach("lab").build());
        AttachResponse raw = stub.attachRawUdp(AttachRawUdpRequest.newBuilder().setNetwork("lab").setRemote("127.0.0.1:5555").build());
        stub.removePort(RemovePortRequest.newBuilder().setPortId(raw.getPortId()).build());
        stub.removePort(RemovePortRequest.newBuilder().setPortId(native1.getPortId()).build());
        assertThat(stub.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList()).isEmpty();
        assertStatus(() -> stub.removePort(RemovePortRequest.newBuilder().setPortId(raw.getPortId()).build()), Status.Code.NOT_FOUND,
                "no port " + Integer.toUnsignedString(raw.getPortId()));
        // The native port's client hears it on its next renewal.
        assertStatus(() -> stub.detach(DetachRequest.newBuilder().setPortId(native1.getPortId()).setSecret(native1.getSecret()).build()),
                Status.Code.NOT_FOUND, "no port");
    }

    /**
     * A raw or VXLAN peer is told this host's address on its route, which is where the peer must send (and
     * where the switch's datagrams to it come from), not the address the caller reached the control port at.
     */
    @Test
    void aRawOrVxlanPeerIsToldTheAddressOnItsRouteAndWildcardsPrintAsAskedFor() throws Exception {
        InetSocketAddress wildcard = new InetSocketAddress("0.0.0.0", 0);
        start(new SwitchConfig(new InetSocketAddress("127.0.0.3", 0), wildcard, wildcard, null, null, Duration.ofSeconds(5),
                io.vnetif.core.SwitchLimits.DEFAULTS, null, null));
        assertThat(io.vnetif.text.HostPort.format(server.vxlanAddress())).startsWith("0.0.0.0:");
        assertThat(io.vnetif.text.HostPort.format(server.dataAddress())).startsWith("0.0.0.0:");
        String route = routeSource(new InetSocketAddress("127.0.0.2", 5555));
        assertThat(route).as("this test's premise: the caller's address is not the route's").isNotEqualTo("127.0.0.3");

        AttachResponse raw = stub.attachRawUdp(AttachRawUdpRequest.newBuilder().setNetwork("lab").setRemote("127.0.0.2:5555").build());
        assertThat(raw.getDataEndpoint().getHost()).isEqualTo(route);
        AttachResponse vxlan = stub.attachVxlan(AttachVxlanRequest.newBuilder().setNetwork("lab").setVni(42).setPeer("127.0.0.2").build());
        assertThat(vxlan.getDataEndpoint().getHost()).isEqualTo(route);
        assertThat(vxlan.getDataEndpoint().getPort()).isEqualTo(server.vxlanAddress().getPort());
        // A native client is still told the address it reached the control port at.
        assertThat(stub.attach(attach("lab").build()).getDataEndpoint().getHost()).isEqualTo("127.0.0.3");
    }

    private static String routeSource(InetSocketAddress peer) throws Exception {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
            probe.connect(peer);
            return probe.getLocalAddress().getHostAddress();
        }
    }

    @Test
    void rulesForNetworksOrMacsNobodyAttachedAreRefusedUnlessSetUpBeforeAttach() throws Exception {
        start(Duration.ofSeconds(5));
        AttachResponse web = stub.attach(attach("lab").setLabel("web").build());
        ImpairmentSpec loss = ImpairmentSpec.newBuilder().setLoss(LossSpec.newBuilder().setProbability(0.05)).build();
        assertStatus(() -> stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("nosuch").setSpec(loss).build()),
                Status.Code.NOT_FOUND, "no network 'nosuch': a rule there would never act (to set it up before anyone attaches: before_attach");
        ImpairmentSpec toAbsent = loss.toBuilder().setScope(scope(ImpairmentScope.Kind.DELIVERED_TO, PortRef.newBuilder().setMac("02:00:00:00:00:99")))
                .build();
        assertStatus(() -> stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("lab").setSpec(toAbsent).build()),
                Status.Code.NOT_FOUND, "scope.port: no port with MAC 02:00:00:00:00:99 on network 'lab'");
        assertStatus(() -> stub.cut(CutRequest.newBuilder().setNetwork("lab").setFrom(PortRef.newBuilder().setMac(web.getMac()))
                .setTo(PortRef.newBuilder().setMac("02:00:00:00:00:99")).build()), Status.Code.NOT_FOUND, "to: no port with MAC");
        assertThat(stub.listImpairments(ListImpairmentsRequest.getDefaultInstance()).getRulesList()).isEmpty();

        stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("later").setSpec(loss).setBeforeAttach(true).build());
        stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("lab").setSpec(toAbsent).setBeforeAttach(true).build());
        stub.cut(CutRequest.newBuilder().setNetwork("lab").setFrom(PortRef.newBuilder().setMac(web.getMac()))
                .setTo(PortRef.newBuilder().setMac("02:00:00:00:00:99")).setBeforeAttach(true).build());
        // An attached MAC, a filter: accepted without before_attach, and the filter is in the description.
        ImpairmentRule tcp = stub.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("lab").setSpec(loss.toBuilder()
                .setScope(scope(ImpairmentScope.Kind.SENT_BY, PortRef.newBuilder().setMac(web.getMac())))
                .setMatch(FrameFilter.newBuilder().setIpProtocol(6).setMaxSize(128))).build());
        assertThat(tcp.getDescription()).isEqualTo("sent by " + web.getMac() + ", ip-proto tcp, size 0-128: loss 5%");
        assertThat(stub.listImpairments(ListImpairmentsRequest.getDefaultInstance()).getRulesList())
                .extracting(ImpairmentRule::getNetwork).containsExactly("later", "lab", "lab");
    }

    private static ImpairmentScope scope(ImpairmentScope.Kind kind, PortRef.Builder port) {
        return ImpairmentScope.newBuilder().setKind(kind).setPort(port).build();
    }

    @Test
    void healthAndReflectionAreServed() throws Exception {
        start(Duration.ofSeconds(5));
        HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.newBuilder().setService(SwitchServiceGrpc.SERVICE_NAME).build());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        CompletableFuture<ServerReflectionResponse> listed = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> reflection = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(observer(listed, new CompletableFuture<>()));
        reflection.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        assertThat(listed.get(5, TimeUnit.SECONDS).getListServicesResponse().getServiceList())
                .extracting(s -> s.getName()).contains("vnetif.v1.SwitchService", "grpc.health.v1.Health");
        reflection.onCompleted();
    }
}
