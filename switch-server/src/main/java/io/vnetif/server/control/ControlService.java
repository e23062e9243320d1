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
import io.vnetif.server.tenancy.Caller;
import io.vnetif.server.tenancy.Role;
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
    private final ControlLimits limits;

    public ControlService(PortRegistry ports, LoopExecutor loop, DataSockets sockets, DataEndpointAdvertiser advertiser, Captures captures,
                          ControlLimits limits) {
        this.limits = limits;
        this.failures = new CallFailures();
        this.leases = new LeaseStreams(ports, loop, failures, limits, ports.leaseMillis() * 1_000_000L, System::nanoTime);
        this.counters = new SwitchCounter.Sources(ports, sockets.stats(), captures, failures, decoding, leases);
        this.ports = ports;
        this.loop = loop;
        this.sockets = sockets;
        this.advertiser = advertiser;
        this.captures = captures;
    }

    @Override
    public void attach(AttachRequest req, StreamObserver<AttachResponse> out) {
        Caller caller = Caller.current();
        respond(out, () -> {
            String network = allowed(caller, Role.ATTACH, req.getNetwork());
            MacAddress mac = req.getMac().isEmpty() ? null : parseMac(req.getMac());
            int mtu = mtu(req.getMtu());
            InetSocketAddress clientEndpoint = req.getClientDataEndpoint().isEmpty() ? null
                    : argument(() -> HostPort.parsePeer(req.getClientDataEndpoint()), "client_data_endpoint");
            boolean local = clientEndpoint != null && DataSockets.isLocal(clientEndpoint.getAddress());
            PortSpec spec = new PortSpec(mac, mtu, req.getLabel(), req.getAllowForeignSourceMacs(), stations(req.getStationsList()));
            NativePort p = loop.call(() -> {
                if (clientEndpoint != null) {
                    refuseOwnSocket(clientEndpoint, local, "client_data_endpoint");
                }
                checkNetworkRoom(caller, network);
                return ports.attach(caller.client(), network, spec, secret -> new NativePort(secret,
                        req.getEncrypt() ? SealedCodec.forSwitch(DATA_CIPHER, ports.newDataKey()) : new SecretCodec(secret),
                        sockets.outputs(), sockets.nativeSocket(), clientEndpoint, ports.fullLease()));
            });
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
        Caller caller = Caller.current();
        respond(out, () -> {
            String network = allowed(caller, Role.ATTACH, req.getNetwork());
            DataSocket vxlan = sockets.vxlanSocket();
            if (vxlan == null) {
                throw new ControlException(Refusal.FAILED_PRECONDITION,
                        "this switch does not listen for VXLAN: start it with --vxlan");
            }
            RequestArguments.uint32(req.getVni(), 1, VxlanHeader.MAX_VNI, "vni");
            InetSocketAddress peer = argument(() -> HostPort.parseWithDefaultPort(req.getPeer(), SwitchConfig.VXLAN_PORT), "peer");
            boolean local = DataSockets.isLocal(peer.getAddress());
            PortSpec spec = foreignSourcesSpec(req.getMac(), req.getMtu(), req.getLabel(), true, req.getStationsList());
            VxlanPort p = loop.call(() -> {
                refuseOwnSocket(peer, local, "peer");
                checkNetworkRoom(caller, network);
                return ports.attach(caller.client(), network, spec, secret -> new VxlanPort(secret, sockets.outputs(), vxlan, peer, req.getVni()));
            });
            return attached(p, advertiser.endpointFor(vxlan.localAddress(), peer), 0);
        });
    }

    @Override
    public void attachRawUdp(AttachRawUdpRequest req, StreamObserver<AttachResponse> out) {
        Caller caller = Caller.current();
        respond(out, () -> {
            String network = allowed(caller, Role.ATTACH, req.getNetwork());
            // Port 0 as the default makes a missing port an error: a raw peer sends from one fixed endpoint.
            InetSocketAddress remote = argument(() -> HostPort.parseWithDefaultPort(req.getRemote(), 0), "remote");
            boolean local = DataSockets.isLocal(remote.getAddress());
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
                RawUdpPort p = loop.call(() -> {
                    refuseOwnSocket(remote, local, "remote");
                    if (DataSockets.reaches(socket.localAddress(), remote, local)) {
                        throw new ControlException(Refusal.INVALID_ARGUMENT, "remote: " + HostPort.format(remote)
                                + " is the port's own socket: its frames would come back to it");
                    }
                    checkNetworkRoom(caller, network);
                    return ports.attach(caller.client(), network, spec, secret -> new RawUdpPort(secret, sockets.outputs(), socket, remote));
                });
                return attached(p, advertiser.endpointFor(p.local(), remote), 0);
            } catch (RuntimeException e) {
                socket.close();
                throw e;
            }
        });
    }

    /** {@code network} checked, for a caller that may do {@code role} there. */
    private static String allowed(Caller caller, Role role, String network) {
        String name = SwitchEngine.checkNetworkName(network);
        caller.grant().require(role, name);
        return name;
    }

    /**
     * Refuses a peer that is one of the switch's own sockets: a VXLAN peer or raw remote aimed at the switch
     * made one broadcast a storm without end (64 000 frames/s, a full core). On the loop.
     */
    private void refuseOwnSocket(InetSocketAddress peer, boolean local, String field) {
        String own = sockets.ownSocketAt(peer, local);
        if (own != null) {
            throw new ControlException(Refusal.INVALID_ARGUMENT, field + ": " + HostPort.format(peer) + " is " + own
                    + ": frames sent there would come back to the switch as new ones, a storm without end");
        }
    }

    /**
     * A scoped token may see at most {@link ControlLimits#maxNetworksPerClient} networks: creating one more
     * (by an attach, or a rule set up before one) is refused, so a token with a pattern cannot take the
     * switch's every network. On the loop.
     */
    private void checkNetworkRoom(Caller caller, String network) {
        SwitchEngine engine = ports.engine();
        if (!caller.grant().scoped() || engine.network(network) != null) {
            return;
        }
        long seen = engine.networks().stream().filter(n -> caller.grant().sees(n.name())).count();
        if (seen >= limits.maxNetworksPerClient()) {
            throw new ControlException(Refusal.RESOURCE_EXHAUSTED, caller.client() + " already has " + seen + " networks (limit "
                    + limits.maxNetworksPerClient() + " per client, --max-networks-per-client): network '" + network + "' would be one more");
        }
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
        Caller caller = Caller.current();
        respond(out, () -> loop.call(() -> {
            SwitchPort port = ports.get(req.getPortId());
            // A port on a network the caller cannot see is, to it, no port: the answer tells nothing of others.
            if (port == null || !caller.grant().sees(port.port().network().name())) {
                throw new ControlException(Refusal.NOT_FOUND, "no port " + Integer.toUnsignedString(req.getPortId()));
            }
            caller.grant().require(Role.ADMIN, port.port().network().name());
            ports.detach(port, "removed by " + caller.client());
            return RemovePortResponse.getDefaultInstance();
        }));
    }

    @Override
    public void listNetworks(ListNetworksRequest req, StreamObserver<ListNetworksResponse> out) {
        Caller caller = Caller.current();
        respond(out, () -> loop.call(() -> {
            ListNetworksResponse.Builder b = ListNetworksResponse.newBuilder();
            SwitchEngine engine = ports.engine();
            for (Network n : observed(caller, engine.networks())) {
                b.addNetworks(NetworkInfo.newBuilder().setName(n.name()).setPorts(n.ports().size())
                        .setMacTableSize(engine.macTableSize(n)).setCaptureSessions(n.captureSessions()));
            }
            return b.build();
        }));
    }

    @Override
    public void listPorts(ListPortsRequest req, StreamObserver<ListPortsResponse> out) {
        Caller caller = Caller.current();
        respond(out, () -> {
            String network = optionalNetwork(caller, Role.OBSERVE, req.getNetwork());
            return loop.call(() -> {
                if (network != null) {
                    ports.engine().requireNetwork(network);
                }
                ListPortsResponse.Builder b = ListPortsResponse.newBuilder();
                for (SwitchPort p : ports.all()) {
                    Port port = p.port();
                    if (network != null ? !port.network().name().equals(network) : !caller.grant().allows(Role.OBSERVE, port.network().name())) {
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
        Caller caller = Caller.current();
        respond(out, () -> {
            String network = optionalNetwork(caller, Role.OBSERVE, req.getNetwork());
            return loop.call(() -> {
                SwitchEngine engine = ports.engine();
                List<Network> networks = network == null ? observed(caller, engine.networks()) : List.of(engine.requireNetwork(network));
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
                if (caller.grant().allowsEverywhere(Role.OBSERVE)) { // what belongs to no network, or to all: not a tenant's to see
                    b.addAllUnattributedDrops(ProtoStats.dropCounts(engine.unattributedDrops().snapshot()).getDropsList());
                    b.setLedger(ProtoStats.ledger(engine.ledger().snapshot()));
                    b.addAllCounters(ProtoStats.counters(counters));
                }
                return b.build();
            });
        });
    }

    @Override
    public void resetStats(ResetStatsRequest req, StreamObserver<ResetStatsResponse> out) {
        Caller caller = Caller.current();
        respond(out, () -> {
            String network = optionalNetwork(caller, Role.ADMIN, req.getNetwork());
            return loop.call(() -> {
                SwitchEngine engine = ports.engine();
                if (network != null || caller.grant().allowsEverywhere(Role.ADMIN)) {
                    engine.resetCounters(network);
                } else { // all the networks it may reset; the switch-wide counters are nobody's to reset but an admin's
                    allowedNetworks(caller, Role.ADMIN).forEach(n -> engine.resetCounters(n.name()));
                }
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
        Caller caller = Caller.current();
        respond(out, () -> {
            if (!req.hasSpec()) {
                throw new ControlException(Refusal.INVALID_ARGUMENT, "spec is missing");
            }
            String network = allowed(caller, Role.IMPAIR, req.getNetwork());
            return loop.call(() -> {
                SwitchEngine engine = ports.engine();
                checkNetworkRoom(caller, network);
                ImpairmentRule rule = engine.addImpairment(network,
                        ImpairmentRequests.forRules(engine, network, req.getBeforeAttach()).toEngine(req.getSpec()));
                log.info("added {}", rule);
                return ImpairmentRequests.toProto(rule);
            });
        });
    }

    @Override
    public void removeImpairment(RemoveImpairmentRequest req, StreamObserver<RemoveImpairmentResponse> out) {
        Caller caller = Caller.current();
        respond(out, () -> loop.call(() -> {
            SwitchEngine engine = ports.engine();
            ImpairmentRule rule = engine.impairments(null).stream().filter(r -> r.id() == req.getId()).findFirst().orElse(null);
            if (rule == null || !caller.grant().sees(rule.network())) { // one it cannot see is, to it, no rule
                throw new ControlException(Refusal.NOT_FOUND, "no impairment rule " + Long.toUnsignedString(req.getId()));
            }
            caller.grant().require(Role.IMPAIR, rule.network());
            engine.removeImpairment(req.getId());
            log.info("removed impairment rule {}", req.getId());
            return RemoveImpairmentResponse.getDefaultInstance();
        }));
    }

    @Override
    public void listImpairments(ListImpairmentsRequest req, StreamObserver<ListImpairmentsResponse> out) {
        Caller caller = Caller.current();
        respond(out, () -> {
            String network = optionalNetwork(caller, Role.OBSERVE, req.getNetwork());
            return loop.call(() -> {
                SwitchEngine engine = ports.engine();
                ListImpairmentsResponse.Builder b = ListImpairmentsResponse.newBuilder();
                engine.impairments(network).stream().filter(r -> caller.grant().allows(Role.OBSERVE, r.network()))
                        .forEach(r -> b.addRules(ImpairmentRequests.toProto(r)));
                for (Network n : network == null ? observed(caller, engine.networks()) : List.of(engine.requireNetwork(network))) {
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
        Caller caller = Caller.current();
        respond(out, () -> {
            String network = optionalNetwork(caller, Role.IMPAIR, req.getNetwork());
            return loop.call(() -> {
                SwitchEngine engine = ports.engine();
                int removed = network != null || caller.grant().allowsEverywhere(Role.IMPAIR) ? engine.clearImpairments(network)
                        : allowedNetworks(caller, Role.IMPAIR).stream().mapToInt(n -> engine.clearImpairments(n.name())).sum();
                return ClearImpairmentsResponse.newBuilder().setRemoved(removed).build();
            });
        });
    }

    @Override
    public void partition(PartitionRequest req, StreamObserver<PartitionResponse> out) {
        Caller caller = Caller.current();
        respond(out, () -> {
            String network = allowed(caller, Role.IMPAIR, req.getNetwork());
            return loop.call(() -> {
                SwitchEngine engine = ports.engine();
                checkNetworkRoom(caller, network);
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
        Caller caller = Caller.current();
        respond(out, () -> {
            String network = allowed(caller, Role.IMPAIR, req.getNetwork());
            return loop.call(() -> {
                SwitchEngine engine = ports.engine();
                checkNetworkRoom(caller, network);
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
        Caller caller = Caller.current();
        respond(out, () -> {
            String network = allowed(caller, Role.IMPAIR, req.getNetwork());
            return loop.call(() -> {
                ports.engine().heal(network);
                log.info("network {}: healed", network);
                return HealResponse.getDefaultInstance();
            });
        });
    }

    /** {@code null} for "all networks", else a checked name the caller may do {@code role} on. */
    private static String optionalNetwork(Caller caller, Role role, String name) {
        return name.isEmpty() ? null : allowed(caller, role, name);
    }

    /** The networks of {@code all} the caller may observe: listings show nothing else. */
    private static List<Network> observed(Caller caller, List<Network> all) {
        return all.stream().filter(n -> caller.grant().allows(Role.OBSERVE, n.name())).toList();
    }

    /** The networks the caller may do {@code role} on. On the loop. */
    private List<Network> allowedNetworks(Caller caller, Role role) {
        return ports.engine().networks().stream().filter(n -> caller.grant().allows(role, n.name())).toList();
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
