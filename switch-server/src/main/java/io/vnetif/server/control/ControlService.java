package io.vnetif.server.control;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.vnetif.api.MacAddress;
import io.vnetif.api.Refusal;
import io.vnetif.core.ControlException;
import io.vnetif.core.Network;
import io.vnetif.core.SwitchEngine;
import io.vnetif.core.impair.ImpairmentRule;
import io.vnetif.core.impair.Impairments;
import io.vnetif.core.port.Port;
import io.vnetif.core.port.PortSpec;
import io.vnetif.proto.v1.AddImpairmentRequest;
import io.vnetif.proto.v1.AttachRawUdpRequest;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.AttachVxlanRequest;
import io.vnetif.proto.v1.CaptureEvent;
import io.vnetif.proto.v1.CaptureRequest;
import io.vnetif.proto.v1.ClearImpairmentsRequest;
import io.vnetif.proto.v1.ClearImpairmentsResponse;
import io.vnetif.proto.v1.CutRequest;
import io.vnetif.proto.v1.CutResponse;
import io.vnetif.proto.v1.DetachRequest;
import io.vnetif.proto.v1.DetachResponse;
import io.vnetif.proto.v1.Endpoint;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.GetStatsResponse;
import io.vnetif.proto.v1.HealRequest;
import io.vnetif.proto.v1.HealResponse;
import io.vnetif.proto.v1.LeaseRequest;
import io.vnetif.proto.v1.LeaseResponse;
import io.vnetif.proto.v1.ListImpairmentsRequest;
import io.vnetif.proto.v1.ListImpairmentsResponse;
import io.vnetif.proto.v1.ListNetworksRequest;
import io.vnetif.proto.v1.ListNetworksResponse;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.ListPortsResponse;
import io.vnetif.proto.v1.MacGroup;
import io.vnetif.proto.v1.MacPair;
import io.vnetif.proto.v1.NetworkFaults;
import io.vnetif.proto.v1.NetworkInfo;
import io.vnetif.proto.v1.NetworkStats;
import io.vnetif.proto.v1.PartitionRequest;
import io.vnetif.proto.v1.PartitionResponse;
import io.vnetif.proto.v1.PortInfo;
import io.vnetif.proto.v1.PortRef;
import io.vnetif.proto.v1.PortStats;
import io.vnetif.proto.v1.RemoveImpairmentRequest;
import io.vnetif.proto.v1.RemoveImpairmentResponse;
import io.vnetif.proto.v1.RemovePortRequest;
import io.vnetif.proto.v1.RemovePortResponse;
import io.vnetif.proto.v1.ResetStatsRequest;
import io.vnetif.proto.v1.ResetStatsResponse;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.io.DataSocket;
import io.vnetif.server.port.DataSockets;
import io.vnetif.server.port.NativePort;
import io.vnetif.server.port.PortRegistry;
import io.vnetif.server.port.RawUdpPort;
import io.vnetif.server.port.RawUdpSocket;
import io.vnetif.server.port.SwitchPort;
import io.vnetif.server.port.VxlanHeader;
import io.vnetif.server.port.VxlanPort;
import io.vnetif.text.HostPort;
import io.vnetif.wire.DataCipher;
import io.vnetif.wire.Ethernet;
import io.vnetif.wire.SealedCodec;
import io.vnetif.wire.SecretCodec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC control API. Arguments are checked here (clear INVALID_ARGUMENT messages); the work runs on
 * the data-plane loop through {@link LoopExecutor}; engine refusals map one to one onto status codes.
 */
public final class ControlService extends SwitchServiceGrpc.SwitchServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(ControlService.class);
    /**
     * The cipher of encrypted ports: with AES instructions (and the JDK's intrinsics for them)
     * AES-256-GCM seals and opens several times faster than ChaCha20-Poly1305, which JDK 17 runs in
     * plain Java (docs/security.md#why-aes-256-gcm).
     */
    private static final DataCipher DATA_CIPHER = DataCipher.AES_256_GCM;
    private final PortRegistry ports;
    private final LoopExecutor loop;
    private final DataSockets sockets;
    private final DataEndpointAdvertiser advertiser;
    private final Captures captures;
    private final CallFailures failures;
    private final LeaseStreams leases;
    private final RequestDecoding decoding = new RequestDecoding();
    private final SwitchCounter.Sources counters;

    public ControlService(PortRegistry ports, LoopExecutor loop, DataSockets sockets, DataEndpointAdvertiser advertiser, Captures captures,
                          ControlLimits limits) {
        this.failures = new CallFailures();
        this.leases = new LeaseStreams(ports, loop, failures, limits.maxLeaseStreams(), ports.leaseMillis() * 1_000_000L, System::nanoTime);
        this.counters = new SwitchCounter.Sources(ports, sockets.stats(), captures, failures, decoding, leases);
        this.ports = ports;
        this.loop = loop;
        this.sockets = sockets;
        this.advertiser = advertiser;
        this.captures = captures;
    }

    @Override
    public void attach(AttachRequest req, StreamObserver<AttachResponse> out) {
        respond(out, () -> {
            MacAddress mac = req.getMac().isEmpty() ? null : parseMac(req.getMac());
            int mtu = mtu(req.getMtu());
            InetSocketAddress clientEndpoint = req.getClientDataEndpoint().isEmpty() ? null
                    : argument(() -> HostPort.parsePeer(req.getClientDataEndpoint()), "client_data_endpoint");
            PortSpec spec = new PortSpec(mac, mtu, req.getLabel(), req.getAllowForeignSourceMacs(), stations(req.getStationsList()));
            NativePort p = loop.call(() -> ports.attach(req.getNetwork(), spec, secret -> new NativePort(secret,
                    req.getEncrypt() ? SealedCodec.forSwitch(DATA_CIPHER, ports.newDataKey()) : new SecretCodec(secret),
                    sockets.outputs(), sockets.nativeSocket(), clientEndpoint, ports.fullLease())));
            AttachResponse answer = attached(p, advertiser.dataEndpoint(), ports.leaseMillis());
            return p.codec() instanceof SealedCodec sealed ? answer.toBuilder()
                    .setDataKey(ByteString.copyFrom(sealed.key())).setDataCipher(sealed.cipher().wireName()).build() : answer;
        });
    }

    private static AttachResponse attached(SwitchPort p, Endpoint dataEndpoint, long leaseMillis) {
        Port port = p.port();
        return AttachResponse.newBuilder()
                .setPortId(port.id())
                .setNetwork(port.network().name())
                .setMac(port.mac().toString())
                .setMtu(port.mtu())
                .setSecret(p.secret())
                .setDataEndpoint(dataEndpoint)
                .setLeaseMs((int) leaseMillis)
                .build();
    }

    @Override
    public void attachVxlan(AttachVxlanRequest req, StreamObserver<AttachResponse> out) {
        respond(out, () -> {
            DataSocket vxlan = sockets.vxlanSocket();
            if (vxlan == null) {
                throw new ControlException(Refusal.FAILED_PRECONDITION,
                        "this switch does not listen for VXLAN: start it with --vxlan");
            }
            RequestArguments.uint32(req.getVni(), 1, VxlanHeader.MAX_VNI, "vni");
            InetSocketAddress peer = argument(() -> HostPort.parseWithDefaultPort(req.getPeer(), SwitchConfig.VXLAN_PORT), "peer");
            PortSpec spec = foreignSourcesSpec(req.getMac(), req.getMtu(), req.getLabel(), true, req.getStationsList());
            VxlanPort p = loop.call(() -> ports.attach(req.getNetwork(), spec,
                    secret -> new VxlanPort(secret, sockets.outputs(), vxlan, peer, req.getVni())));
            return attached(p, advertiser.endpointFor(vxlan.localAddress(), peer), 0);
        });
    }

    @Override
    public void attachRawUdp(AttachRawUdpRequest req, StreamObserver<AttachResponse> out) {
        respond(out, () -> {
            // Port 0 as the default makes a missing port an error: a raw peer sends from one fixed endpoint.
            InetSocketAddress remote = argument(() -> HostPort.parseWithDefaultPort(req.getRemote(), 0), "remote");
            RequestArguments.uint32(req.getLocalPort(), 0, 65535, "local_port");
            java.net.InetAddress localHost = req.getLocalHost().isEmpty() ? null
                    : argument(() -> HostPort.parse(req.getLocalHost() + ":0").getAddress(), "local_host");
            PortSpec spec = foreignSourcesSpec(req.getMac(), req.getMtu(), req.getLabel(), !req.getRestrictSourceMac(), req.getStationsList());
            RawUdpSocket socket;
            try {
                socket = sockets.bindRaw(localHost, req.getLocalPort());
            } catch (java.io.IOException e) {
                throw new ControlException(Refusal.FAILED_PRECONDITION, e.getMessage());
            }
            try {
                RawUdpPort p = loop.call(() -> ports.attach(req.getNetwork(), spec,
                        secret -> new RawUdpPort(secret, sockets.outputs(), socket, remote)));
                return attached(p, advertiser.endpointFor(p.local(), remote), 0);
            } catch (RuntimeException e) {
                socket.close();
                throw e;
            }
        });
    }

    private static PortSpec foreignSourcesSpec(String mac, int mtu, String label, boolean allowForeign, List<String> stations) {
        return new PortSpec(mac.isEmpty() ? null : parseMac(mac), mtu(mtu), label, allowForeign, stations(stations));
    }

    /** The stations a port pins, as the request names them. */
    private static java.util.Set<MacAddress> stations(List<String> texts) {
        if (texts.size() > PortSpec.MAX_STATIONS) { // before parsing: a long list must not cost the switch
            throw new ControlException(Refusal.INVALID_ARGUMENT, texts.size() + " stations to pin (at most " + PortSpec.MAX_STATIONS
                    + " per port)");
        }
        java.util.Set<MacAddress> stations = new java.util.LinkedHashSet<>();
        for (String text : texts) {
            stations.add(argument(() -> MacAddress.parse(text), "stations"));
        }
        return stations;
    }

    /** A requested MTU: 0 for the default. */
    private static int mtu(int requested) {
        return requested == 0 ? Ethernet.DEFAULT_MTU : RequestArguments.uint32(requested, Ethernet.MIN_MTU, Ethernet.MAX_MTU, "mtu");
    }

    private static MacAddress parseMac(String text) {
        return argument(() -> MacAddress.parse(text), "mac");
    }

    private static <T> T argument(Supplier<T> parse, String field) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new ControlException(Refusal.INVALID_ARGUMENT, field + ": " + e.getMessage());
        }
    }

    /**
     * {@code service} (this one, health, reflection) with requests that do not decode answered
     * INVALID_ARGUMENT and logged once in a while, not left to gRPC (UNKNOWN and a stack trace each).
     */
    public io.grpc.ServerServiceDefinition guarded(io.grpc.ServerServiceDefinition service) {
        return decoding.guard(service);
    }

    @Override
    public StreamObserver<LeaseRequest> lease(StreamObserver<LeaseResponse> out) {
        return leases.open(out);
    }

    /** The switch's Prometheus metrics: per network and port, and the switch-wide counters of GetStats. */
    public SwitchMetrics metrics() {
        return new SwitchMetrics(ports, loop, counters);
    }

    /** Closes the lease streams that sent no renewal for a lease period; call now and then. */
    public void closeSilentLeaseStreams() {
        leases.closeSilent();
    }

    /** The switch is shutting down: lease streams end with UNAVAILABLE, so clients re-attach at once. */
    public void shuttingDown() {
        leases.shuttingDown();
    }

    @Override
    public void detach(DetachRequest req, StreamObserver<DetachResponse> out) {
        respond(out, () -> loop.call(() -> {
            ports.detach(ports.authenticate(req.getPortId(), req.getSecret()), "detach requested");
            return DetachResponse.getDefaultInstance();
        }));
    }

    @Override
    public void removePort(RemovePortRequest req, StreamObserver<RemovePortResponse> out) {
        respond(out, () -> loop.call(() -> {
            SwitchPort port = ports.get(req.getPortId());
            if (port == null) {
                throw new ControlException(Refusal.NOT_FOUND, "no port " + Integer.toUnsignedString(req.getPortId()));
            }
            ports.detach(port, "removed by an operator");
            return RemovePortResponse.getDefaultInstance();
        }));
    }

    @Override
    public void listNetworks(ListNetworksRequest req, StreamObserver<ListNetworksResponse> out) {
        respond(out, () -> loop.call(() -> {
            ListNetworksResponse.Builder b = ListNetworksResponse.newBuilder();
            SwitchEngine engine = ports.engine();
            for (Network n : engine.networks()) {
                b.addNetworks(NetworkInfo.newBuilder().setName(n.name()).setPorts(n.ports().size())
                        .setMacTableSize(engine.macTableSize(n)).setCaptureSessions(n.captureSessions()));
            }
            return b.build();
        }));
    }

    @Override
    public void listPorts(ListPortsRequest req, StreamObserver<ListPortsResponse> out) {
        respond(out, () -> {
            String network = optionalNetwork(req.getNetwork());
            return loop.call(() -> {
                if (network != null) {
                    ports.engine().requireNetwork(network);
                }
                ListPortsResponse.Builder b = ListPortsResponse.newBuilder();
                for (SwitchPort p : ports.all()) {
                    Port port = p.port();
                    if (network != null && !port.network().name().equals(network)) {
                        continue;
                    }
                    b.addPorts(PortInfo.newBuilder().setPortId(port.id()).setNetwork(port.network().name())
                            .setMac(port.mac().toString()).setMtu(port.mtu()).setLabel(port.label())
                            .setAllowForeignSourceMacs(port.allowsForeignSourceMacs())
                            .setDataEndpoint(p.endpointText())
                            .setLeaseRemainingMs((int) ports.leaseRemainingMillis(p))
                            .setKind(p.kind().name())
                            .setEncrypted(p instanceof NativePort n && n.encrypted())
                            .addAllStations(port.stations().stream().map(MacAddress::toString).sorted().toList()));
                }
                return b.build();
            });
        });
    }

    @Override
    public void getStats(GetStatsRequest req, StreamObserver<GetStatsResponse> out) {
        respond(out, () -> {
            String network = optionalNetwork(req.getNetwork());
            return loop.call(() -> {
                SwitchEngine engine = ports.engine();
                List<Network> networks = network == null ? engine.networks() : List.of(engine.requireNetwork(network));
                GetStatsResponse.Builder b = GetStatsResponse.newBuilder();
                for (Network n : networks) {
                    b.addNetworks(NetworkStats.newBuilder().setName(n.name()).setPorts(n.ports().size())
                            .setMacTableSize(engine.macTableSize(n)).setMacTableOverflows(n.macTableOverflows())
                            .setMacMoves(n.macMoves()).setMacFlaps(n.macFlaps())
                            .setTotals(ProtoStats.counters(n.totals())));
                    for (Port port : n.ports()) {
                        b.addPorts(PortStats.newBuilder().setPortId(port.id()).setNetwork(n.name())
                                .setMac(port.mac().toString()).setLabel(port.label())
                                .setCounters(ProtoStats.counters(port.counters().snapshot())));
                    }
                }
                b.addAllUnattributedDrops(ProtoStats.dropCounts(engine.unattributedDrops().snapshot()).getDropsList());
                b.setLedger(ProtoStats.ledger(engine.ledger().snapshot()));
                b.addAllCounters(ProtoStats.counters(counters));
                return b.build();
            });
        });
    }

    @Override
    public void resetStats(ResetStatsRequest req, StreamObserver<ResetStatsResponse> out) {
        respond(out, () -> {
            String network = optionalNetwork(req.getNetwork());
            return loop.call(() -> {
                ports.engine().resetCounters(network);
                return ResetStatsResponse.getDefaultInstance();
            });
        });
    }

    // ---- capture ----

    @Override
    public void capture(CaptureRequest req, StreamObserver<CaptureEvent> out) {
        try {
            captures.start(req, out);
        } catch (RuntimeException e) {
            out.onError(failures.status(e));
        }
    }

    // ---- impairments ----

    @Override
    public void addImpairment(AddImpairmentRequest req, StreamObserver<io.vnetif.proto.v1.ImpairmentRule> out) {
        respond(out, () -> {
            if (!req.hasSpec()) {
                throw new ControlException(Refusal.INVALID_ARGUMENT, "spec is missing");
            }
            String network = SwitchEngine.checkNetworkName(req.getNetwork());
            return loop.call(() -> {
                SwitchEngine engine = ports.engine();
                ImpairmentRule rule = engine.addImpairment(network,
                        ImpairmentRequests.forRules(engine, network, req.getBeforeAttach()).toEngine(req.getSpec()));
                log.info("added {}", rule);
                return ImpairmentRequests.toProto(rule);
            });
        });
    }

    @Override
    public void removeImpairment(RemoveImpairmentRequest req, StreamObserver<RemoveImpairmentResponse> out) {
        respond(out, () -> loop.call(() -> {
            ports.engine().removeImpairment(req.getId());
            log.info("removed impairment rule {}", req.getId());
            return RemoveImpairmentResponse.getDefaultInstance();
        }));
    }

    @Override
    public void listImpairments(ListImpairmentsRequest req, StreamObserver<ListImpairmentsResponse> out) {
        respond(out, () -> {
            String network = optionalNetwork(req.getNetwork());
            return loop.call(() -> {
                SwitchEngine engine = ports.engine();
                ListImpairmentsResponse.Builder b = ListImpairmentsResponse.newBuilder();
                engine.impairments(network).forEach(r -> b.addRules(ImpairmentRequests.toProto(r)));
                for (Network n : network == null ? engine.networks() : List.of(engine.requireNetwork(network))) {
                    Impairments faults = n.impairments();
                    if (faults != null && (!faults.partitions().isEmpty() || !faults.cuts().isEmpty())) {
                        NetworkFaults.Builder f = NetworkFaults.newBuilder().setNetwork(n.name());
                        faults.partitions().forEach(g -> f.addPartition(MacGroup.newBuilder().addAllMacs(g.stream().map(Object::toString).toList())));
                        faults.cuts().forEach(c -> f.addCuts(MacPair.newBuilder().setFrom(c.get(0).toString()).setTo(c.get(1).toString())));
                        b.addFaults(f);
                    }
                }
                return b.build();
            });
        });
    }

    @Override
    public void clearImpairments(ClearImpairmentsRequest req, StreamObserver<ClearImpairmentsResponse> out) {
        respond(out, () -> {
            String network = optionalNetwork(req.getNetwork());
            return loop.call(() -> ClearImpairmentsResponse.newBuilder().setRemoved(ports.engine().clearImpairments(network)).build());
        });
    }

    @Override
    public void partition(PartitionRequest req, StreamObserver<PartitionResponse> out) {
        respond(out, () -> {
            String network = SwitchEngine.checkNetworkName(req.getNetwork());
            return loop.call(() -> {
                SwitchEngine engine = ports.engine();
                // Removing a split (no groups) names no port: the engine's own check of the network is enough.
                ImpairmentRequests mapping = ImpairmentRequests.forRules(engine, network, req.getBeforeAttach() || req.getGroupsCount() == 0);
                List<List<MacAddress>> groups = new ArrayList<>();
                for (int g = 0; g < req.getGroupsCount(); g++) {
                    List<MacAddress> group = new ArrayList<>();
                    for (PortRef ref : req.getGroups(g).getPortsList()) {
                        group.add(mapping.resolve(ref, "groups[" + g + "]"));
                    }
                    groups.add(group);
                }
                engine.partition(network, groups);
                log.info("network {}: {}", network, groups.isEmpty() ? "partition removed" : "partitioned into " + groups);
                return PartitionResponse.getDefaultInstance();
            });
        });
    }

    @Override
    public void cut(CutRequest req, StreamObserver<CutResponse> out) {
        respond(out, () -> {
            String network = SwitchEngine.checkNetworkName(req.getNetwork());
            return loop.call(() -> {
                SwitchEngine engine = ports.engine();
                // Restoring takes any MAC: a cut whose port has left must still be undoable.
                ImpairmentRequests mapping = ImpairmentRequests.forRules(engine, network, req.getBeforeAttach() || req.getRestore());
                MacAddress from = mapping.resolve(req.getFrom(), "from");
                MacAddress to = mapping.resolve(req.getTo(), "to");
                if (req.getRestore()) {
                    engine.uncut(network, from, to);
                } else {
                    engine.cut(network, from, to);
                }
                log.info("network {}: link {} -> {} {}", network, from, to, req.getRestore() ? "restored" : "cut");
                return CutResponse.getDefaultInstance();
            });
        });
    }

    @Override
    public void heal(HealRequest req, StreamObserver<HealResponse> out) {
        respond(out, () -> {
            String network = SwitchEngine.checkNetworkName(req.getNetwork());
            return loop.call(() -> {
                ports.engine().heal(network);
                log.info("network {}: healed", network);
                return HealResponse.getDefaultInstance();
            });
        });
    }

    /** {@code null} for "all networks", else a checked name. */
    private static String optionalNetwork(String name) {
        return name.isEmpty() ? null : SwitchEngine.checkNetworkName(name);
    }

    private <T> void respond(StreamObserver<T> out, Supplier<T> op) {
        T result;
        try {
            result = op.get();
        } catch (RuntimeException e) {
            out.onError(failures.status(e));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }
}
