package io.vnetif.client;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.vnetif.api.ImpairmentOutcome;
import io.vnetif.api.MacAddress;
import io.vnetif.api.Refusal;
import io.vnetif.core.impair.ImpairmentSpec;
import io.vnetif.proto.mapping.ImpairmentProtos;
import io.vnetif.proto.security.FailureDetail;
import io.vnetif.proto.v1.AddImpairmentRequest;
import io.vnetif.proto.v1.ClearImpairmentsRequest;
import io.vnetif.proto.v1.CutRequest;
import io.vnetif.proto.v1.HealRequest;
import io.vnetif.proto.v1.ImpairmentRule;
import io.vnetif.proto.v1.ListImpairmentsRequest;
import io.vnetif.proto.v1.ListImpairmentsResponse;
import io.vnetif.proto.v1.PartitionRequest;
import io.vnetif.proto.v1.PortGroup;
import io.vnetif.proto.v1.PortRef;
import io.vnetif.proto.v1.RemoveImpairmentRequest;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.text.ControlAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A gRPC connection to a switch server; each attached interface has its own UDP socket. */
final class RemoteSwitch extends AbstractVirtualSwitch {
    private static final long CONTROL_DEADLINE_SECONDS = 10;

    private final ControlAddress address;
    private final String target;
    private final boolean tls;
    private final ManagedChannel channel;
    /** Set once the host resolved: names are looked up by us first, so a typo fails in one line, not in gRPC's log. */
    private volatile boolean resolved;

    /**
     * @throws IllegalArgumentException when {@code address} is no {@code host[:port]} (a bad or missing port is
     *                                  refused here, before anything is sent; no port means 7400)
     */
    RemoteSwitch(String address, RemoteOptions options) {
        ProtobufRuntime.check(); // before any generated class loads: their error would not say why
        try {
            this.address = ControlAddress.parse(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("switch address: " + e.getMessage(), e);
        }
        this.target = this.address.toString();
        this.tls = options.tls();
        this.channel = Grpc.newChannelBuilder(target, options.credentials().channelCredentials(target)).build();
    }

    String target() {
        return target;
    }

    /** See {@link VirtualSwitch#configuredAddress()}: the property first, then the variable; blank is unset. */
    static Optional<String> configuredAddress(Properties properties, Map<String, String> environment) {
        String property = properties.getProperty(VirtualSwitch.SWITCH_PROPERTY, "");
        if (!property.isBlank()) {
            return Optional.of(property.strip());
        }
        String variable = environment.getOrDefault(VirtualSwitch.SWITCH_VARIABLE, "");
        return variable.isBlank() ? Optional.empty() : Optional.of(variable.strip());
    }

    SwitchServiceGrpc.SwitchServiceBlockingStub blocking() {
        return SwitchServiceGrpc.newBlockingStub(channel);
    }

    SwitchServiceGrpc.SwitchServiceStub async() {
        return SwitchServiceGrpc.newStub(channel);
    }

    @Override
    public Vnetif attach(NicOptions options) {
        if (nics.isClosed()) {
            throw new IllegalStateException("the connection to " + target + " is closed");
        }
        requireResolvable("attach to network '" + options.network() + "'");
        RemoteNic nic = RemoteNic.open(this, options);
        nics.add(nic, "the connection to " + target);
        return nic;
    }

    /**
     * Looks the switch's host up before the first call: gRPC would log a name that does not resolve as a
     * warning with a stack trace on each try, and report it only as UNAVAILABLE.
     *
     * @throws SwitchUnreachableException naming the host
     */
    private void requireResolvable(String what) {
        if (resolved) {
            return;
        }
        try {
            address.resolve();
            resolved = true;
        } catch (UnknownHostException e) {
            throw new SwitchUnreachableException("switch at " + target + " is unreachable (" + what + "): cannot resolve host '"
                    + address.host() + "'", e);
        }
    }

    /** Lets the next call try to connect at once instead of after gRPC's reconnect backoff. */
    void resetConnectBackoff() {
        channel.resetConnectBackoff();
    }

    void forget(RemoteNic nic) {
        nics.remove(nic);
    }

    /** Turns a failed attach into the exception a user can act on. */
    RuntimeException failure(String what, StatusRuntimeException e) {
        RuntimeException unreachable = unreachable(what, e);
        return unreachable != null ? unreachable : Refusals.attach(refusal(e), refusedText(what, e));
    }

    /** UNAVAILABLE and DEADLINE_EXCEEDED are not refusals: the switch did not answer. */
    private SwitchUnreachableException unreachable(String what, StatusRuntimeException e) {
        if (FailureDetail.unreachable(e.getStatus())) {
            return new SwitchUnreachableException("switch at " + target + " is unreachable (" + what + "): "
                    + FailureDetail.of(e.getStatus(), tls), e);
        }
        return null;
    }

    private static Refusal refusal(StatusRuntimeException e) {
        return Refusal.ofGrpcCode(e.getStatus().getCode().value());
    }

    private String refusedText(String what, StatusRuntimeException e) {
        Refusal refusal = refusal(e);
        return what + " refused by " + target + ": " + (refusal == Refusal.OTHER ? e.getStatus().getCode() + ": " : "")
                + FailureDetail.of(e.getStatus(), tls);
    }

    @Override
    public void close() {
        nics.closeAll();
        channel.shutdown();
        try {
            if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
    }

    // ---- impairments over gRPC ----

    @Override
    public RuleInfo addImpairment(String network, ImpairmentSpec spec) {
        // The Java API sets rules up before the interfaces as well (VirtualSwitch#impair): before_attach.
        ImpairmentRule rule = call("add impairment", () -> control().addImpairment(AddImpairmentRequest.newBuilder()
                .setNetwork(network).setSpec(ImpairmentProtos.toProto(spec)).setBeforeAttach(true).build()));
        return new RuleInfo(rule.getId(), rule.getNetwork(), rule.getSpec().getSeed(), rule.getDescription());
    }

    @Override
    public boolean removeImpairment(long id) {
        try {
            call("remove impairment", () -> control().removeImpairment(RemoveImpairmentRequest.newBuilder().setId(id).build()));
            return true;
        } catch (IllegalArgumentException e) {
            return false; // already gone
        }
    }

    @Override
    public Map<ImpairmentOutcome, Long> impairmentCounts(long id) {
        ListImpairmentsResponse all = call("list impairments", () -> control().listImpairments(ListImpairmentsRequest.getDefaultInstance()));
        return all.getRulesList().stream().filter(r -> r.getId() == id).findFirst()
                .map(r -> ImpairmentProtos.counts(r.getCountsList()))
                .orElseThrow(() -> new IllegalArgumentException("no impairment rule " + id + " (removed?)"));
    }

    @Override
    public void setPartition(String network, List<List<MacAddress>> groups) {
        PartitionRequest.Builder req = PartitionRequest.newBuilder().setNetwork(network).setBeforeAttach(true);
        for (List<MacAddress> group : groups) {
            req.addGroups(PortGroup.newBuilder().addAllPorts(group.stream().map(RemoteSwitch::ref).toList()));
        }
        call("partition", () -> control().partition(req.build()));
    }

    @Override
    public void setCut(String network, MacAddress from, MacAddress to, boolean cut) {
        try {
            call(cut ? "cut" : "restore link", () -> control().cut(CutRequest.newBuilder().setNetwork(network)
                    .setFrom(ref(from)).setTo(ref(to)).setRestore(!cut).setBeforeAttach(true).build()));
        } catch (IllegalArgumentException e) {
            if (cut) {
                throw e;
            } // restoring a link that is not cut (any more) is a no-op
        }
    }

    @Override
    public void heal(String network) {
        call("heal", () -> control().heal(HealRequest.newBuilder().setNetwork(network).build()));
    }

    @Override
    public int clearImpairments(String network) {
        return call("clear impairments", () -> control().clearImpairments(ClearImpairmentsRequest.newBuilder().setNetwork(network).build()))
                .getRemoved();
    }

    private static PortRef ref(MacAddress mac) {
        return PortRef.newBuilder().setMac(mac.toString()).build();
    }

    private SwitchServiceGrpc.SwitchServiceBlockingStub control() {
        return blocking().withDeadlineAfter(CONTROL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** A control call; refusals become the exceptions the API documents. */
    private <T> T call(String what, Supplier<T> rpc) {
        requireResolvable(what);
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            RuntimeException unreachable = unreachable(what, e);
            throw unreachable != null ? unreachable : Refusals.control(refusal(e), refusedText(what, e));
        }
    }
}
