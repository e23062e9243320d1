package io.vnetif.server.control;

import static io.vnetif.server.control.RequestArbitraries.endpoints;
import static io.vnetif.server.control.RequestArbitraries.freshMacs;
import static io.vnetif.server.control.RequestArbitraries.labels;
import static io.vnetif.server.control.RequestArbitraries.localHosts;
import static io.vnetif.server.control.RequestArbitraries.localPorts;
import static io.vnetif.server.control.RequestArbitraries.loopbackEndpoints;
import static io.vnetif.server.control.RequestArbitraries.macs;
import static io.vnetif.server.control.RequestArbitraries.networkNames;
import static io.vnetif.server.control.RequestArbitraries.shortLabels;
import static io.vnetif.server.control.RequestArbitraries.uint32s;
import static io.vnetif.server.control.RequestArbitraries.uint64s;
import static io.vnetif.server.control.RequestArbitraries.validNetworkNames;

import io.vnetif.proto.v1.AddImpairmentRequest;
import io.vnetif.proto.v1.AttachRawUdpRequest;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.AttachVxlanRequest;
import io.vnetif.proto.v1.BlackoutSpec;
import io.vnetif.proto.v1.CaptureRequest;
import io.vnetif.proto.v1.CutRequest;
import io.vnetif.proto.v1.DelaySpec;
import io.vnetif.proto.v1.FrameFilter;
import io.vnetif.proto.v1.GilbertElliottSpec;
import io.vnetif.proto.v1.ImpairmentScope;
import io.vnetif.proto.v1.ImpairmentSpec;
import io.vnetif.proto.v1.LossSpec;
import io.vnetif.proto.v1.PartitionRequest;
import io.vnetif.proto.v1.PortGroup;
import io.vnetif.proto.v1.PortRef;
import io.vnetif.proto.v1.RateSpec;
import io.vnetif.server.FieldValues;
import io.vnetif.server.NearValid;
import io.vnetif.server.port.VxlanHeader;
import io.vnetif.wire.Ethernet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Control requests against a {@link SharedSwitch}: valid ones, which succeed — ports they name are the
 * fixture's "left" and "right" on its network, by MAC, label or id — and near-valid ones (see
 * {@link NearValid}), with one or two fields changed.
 */
public final class ControlRequestArbitraries {
    private static final Arbitrary<Double> PROBABILITY = Arbitraries.doubles().between(0, 1);

    private final SharedSwitch shared;
    private final FieldValues changes;

    public ControlRequestArbitraries(SharedSwitch shared) {
        this.shared = shared;
        this.changes = new FieldValues()
                .named(networkNames(SharedSwitch.NETWORK), "network")
                .named(macs(shared.fixtureMacs()), "mac", "destination_mac")
                .named(labels(shared.fixtureLabels()), "label")
                .named(endpoints(), "peer", "remote", "client_data_endpoint")
                .named(localHosts(), "local_host")
                .named(localPorts(), "local_port")
                .named(Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(shared.fixturePortIds())), Tuple.of(1, Arbitraries.integers())), "port_id")
                .named(uint32s(0, Ethernet.MIN_MTU - 1, Ethernet.MAX_MTU + 1), "mtu")
                .named(uint32s(0, VxlanHeader.MAX_VNI, VxlanHeader.MAX_VNI + 1), "vni")
                .named(uint32s(0xFFFF, 0x10000), "ether_type")
                .named(uint32s(255, 256), "ip_protocol")
                .named(uint32s(0, 14, 1514, 9014), "min_size", "max_size")
                .named(uint32s(65535, 65536), "snap_length")
                .named(uint32s(256, 257), "trailing_bytes")
                .named(uint64s(60_000_000_000L, 60_000_000_001L), "delay_ns", "jitter_ns")
                .named(uint64s(86_400_000_000_000L, 86_400_000_000_001L), "duration_ns");
    }

    Arbitrary<AttachRequest> attach() {
        return NearValid.of(validAttach(), changes);
    }

    Arbitrary<AttachRequest> validAttach() {
        return Builders.withBuilder(AttachRequest::newBuilder)
                .use(validNetworkNames(SharedSwitch.NETWORK)).in(AttachRequest.Builder::setNetwork)
                .use(freshMacs()).withProbability(0.5).in(AttachRequest.Builder::setMac)
                .use(validMtus()).in(AttachRequest.Builder::setMtu)
                .use(shortLabels()).in(AttachRequest.Builder::setLabel)
                .use(Arbitraries.of(true, false)).in(AttachRequest.Builder::setAllowForeignSourceMacs)
                .use(loopbackEndpoints()).withProbability(0.5).in(AttachRequest.Builder::setClientDataEndpoint)
                .build(AttachRequest.Builder::build);
    }

    Arbitrary<AttachVxlanRequest> attachVxlan() {
        return NearValid.of(validAttachVxlan(), changes);
    }

    Arbitrary<AttachVxlanRequest> validAttachVxlan() {
        return Builders.withBuilder(AttachVxlanRequest::newBuilder)
                .use(validNetworkNames(SharedSwitch.NETWORK)).in(AttachVxlanRequest.Builder::setNetwork)
                .use(Arbitraries.integers().between(1, VxlanHeader.MAX_VNI)).in(AttachVxlanRequest.Builder::setVni)
                .use(Arbitraries.oneOf(loopbackEndpoints(), Arbitraries.of("127.0.0.1", "[::1]"))).in(AttachVxlanRequest.Builder::setPeer)
                .use(shortLabels()).in(AttachVxlanRequest.Builder::setLabel)
                .use(freshMacs()).withProbability(0.5).in(AttachVxlanRequest.Builder::setMac)
                .use(validMtus()).in(AttachVxlanRequest.Builder::setMtu)
                .build(AttachVxlanRequest.Builder::build);
    }

    Arbitrary<AttachRawUdpRequest> attachRawUdp() {
        return NearValid.of(validAttachRawUdp(), changes);
    }

    Arbitrary<AttachRawUdpRequest> validAttachRawUdp() {
        return Builders.withBuilder(AttachRawUdpRequest::newBuilder)
                .use(validNetworkNames(SharedSwitch.NETWORK)).in(AttachRawUdpRequest.Builder::setNetwork)
                .use(loopbackEndpoints()).in(AttachRawUdpRequest.Builder::setRemote)
                .use(Arbitraries.of("", "127.0.0.1")).in(AttachRawUdpRequest.Builder::setLocalHost)
                .use(shortLabels()).in(AttachRawUdpRequest.Builder::setLabel)
                .use(freshMacs()).withProbability(0.5).in(AttachRawUdpRequest.Builder::setMac)
                .use(validMtus()).in(AttachRawUdpRequest.Builder::setMtu)
                .use(Arbitraries.of(true, false)).in(AttachRawUdpRequest.Builder::setRestrictSourceMac)
                .build(AttachRawUdpRequest.Builder::build);
    }

    Arbitrary<AddImpairmentRequest> addImpairment() {
        return NearValid.of(validAddImpairment(), changes);
    }

    Arbitrary<AddImpairmentRequest> validAddImpairment() {
        return impairmentSpecs().map(spec -> AddImpairmentRequest.newBuilder().setNetwork(SharedSwitch.NETWORK).setSpec(spec).build());
    }

    Arbitrary<PartitionRequest> partition() {
        return NearValid.of(validPartition(), changes);
    }

    Arbitrary<PartitionRequest> validPartition() {
        Arbitrary<PartitionRequest> split = Combinators.combine(refsToLeft(), refsToRight(), Arbitraries.of(true, false))
                .as((left, right, leftFirst) -> PartitionRequest.newBuilder().setNetwork(SharedSwitch.NETWORK)
                        .addGroups(PortGroup.newBuilder().addPorts(leftFirst ? left : right))
                        .addGroups(PortGroup.newBuilder().addPorts(leftFirst ? right : left)).build());
        Arbitrary<PartitionRequest> unsplit = Arbitraries.just(PartitionRequest.newBuilder().setNetwork(SharedSwitch.NETWORK).build());
        return Arbitraries.frequencyOf(Tuple.of(4, split), Tuple.of(1, unsplit));
    }

    Arbitrary<CutRequest> cut() {
        return NearValid.of(validCut(), changes);
    }

    Arbitrary<CutRequest> validCut() {
        return Combinators.combine(refsToLeft(), refsToRight(), Arbitraries.of(true, false))
                .as((left, right, leftFirst) -> CutRequest.newBuilder().setNetwork(SharedSwitch.NETWORK)
                        .setFrom(leftFirst ? left : right).setTo(leftFirst ? right : left).build());
    }

    Arbitrary<CaptureRequest> capture() {
        return NearValid.of(validCapture(), changes);
    }

    Arbitrary<CaptureRequest> validCapture() {
        return Builders.withBuilder(CaptureRequest::newBuilder)
                .use(Arbitraries.just(SharedSwitch.NETWORK)).in(CaptureRequest.Builder::setNetwork)
                .use(Arbitraries.oneOf(refsToLeft(), refsToRight())).withProbability(0.3).in(CaptureRequest.Builder::setPort)
                .use(Arbitraries.of(true, false)).in(CaptureRequest.Builder::setIngress)
                .use(Arbitraries.of(true, false)).in(CaptureRequest.Builder::setEgress)
                .use(freshMacs()).withProbability(0.2).in(CaptureRequest.Builder::setMac)
                .use(Arbitraries.integers().between(0, 0xFFFF)).withProbability(0.2).in(CaptureRequest.Builder::setEtherType)
                .use(Arbitraries.integers().between(0, 100)).in(CaptureRequest.Builder::setMinSize)
                .use(Arbitraries.integers().between(100, Ethernet.MAX_MTU + 14)).withProbability(0.5).in(CaptureRequest.Builder::setMaxSize)
                .use(Arbitraries.integers().between(0, CaptureStream.MAX_SNAP_LENGTH)).in(CaptureRequest.Builder::setSnapLength)
                .use(Arbitraries.longs().between(0, 1000)).in(CaptureRequest.Builder::setMaxFrames)
                .use(Arbitraries.longs().between(0, 1000)).in(CaptureRequest.Builder::setDurationMs)
                .build(CaptureRequest.Builder::build);
    }

    private static Arbitrary<Integer> validMtus() {
        return Arbitraries.of(0, Ethernet.MIN_MTU, Ethernet.DEFAULT_MTU, Ethernet.MAX_MTU);
    }

    private Arbitrary<PortRef> refsToLeft() {
        return refsTo(shared.left(), "left");
    }

    private Arbitrary<PortRef> refsToRight() {
        return refsTo(shared.right(), "right");
    }

    /** The port by MAC, by label or by id. */
    private static Arbitrary<PortRef> refsTo(AttachResponse port, String label) {
        return Arbitraries.of(PortRef.newBuilder().setMac(port.getMac()).build(),
                PortRef.newBuilder().setPortId(port.getPortId()).build(),
                PortRef.newBuilder().setLabel(label).build());
    }

    /** Scopes whose ports fit their kind. */
    private Arbitrary<ImpairmentScope> scopes() {
        return Combinators.combine(Arbitraries.of(ImpairmentScope.Kind.NETWORK, ImpairmentScope.Kind.SENT_BY,
                ImpairmentScope.Kind.DELIVERED_TO, ImpairmentScope.Kind.LINK), refsToLeft(), refsToRight())
                .as((kind, left, right) -> {
                    ImpairmentScope.Builder b = ImpairmentScope.newBuilder().setKind(kind);
                    if (kind != ImpairmentScope.Kind.NETWORK) {
                        b.setPort(left);
                    }
                    if (kind == ImpairmentScope.Kind.LINK) {
                        b.setPeer(right);
                    }
                    return b.build();
                });
    }

    /** Valid rules: loss always (so a rule is never a no-op before a change), any other effect sometimes. */
    private Arbitrary<ImpairmentSpec> impairmentSpecs() {
        Arbitrary<FrameFilter> match = Builders.withBuilder(FrameFilter::newBuilder)
                .use(Arbitraries.integers().between(0, 0xFFFF)).withProbability(0.3).in(FrameFilter.Builder::setEtherType)
                .use(Arbitraries.integers().between(0, 255)).withProbability(0.3).in(FrameFilter.Builder::setIpProtocol)
                .use(Arbitraries.integers().between(0, 100)).in(FrameFilter.Builder::setMinSize)
                .use(Arbitraries.integers().between(100, Ethernet.MAX_MTU + 14)).withProbability(0.5).in(FrameFilter.Builder::setMaxSize)
                .use(freshMacs()).withProbability(0.2).in(FrameFilter.Builder::setDestinationMac)
                .build(FrameFilter.Builder::build);
        Arbitrary<LossSpec> loss = Combinators.combine(PROBABILITY, PROBABILITY)
                .as((p, c) -> LossSpec.newBuilder().setProbability(p).setCorrelation(c).build());
        Arbitrary<GilbertElliottSpec> gilbertElliott = Combinators.combine(PROBABILITY, PROBABILITY, PROBABILITY, PROBABILITY)
                .as((p, r, bad, good) -> GilbertElliottSpec.newBuilder().setP(p).setR(r).setLossInBad(bad).setLossInGood(good).build());
        Arbitrary<Long> upToAMinute = Arbitraries.longs().between(0, 60_000_000_000L);
        Arbitrary<DelaySpec> delay = Combinators.combine(upToAMinute, upToAMinute, Arbitraries.of(DelaySpec.Distribution.UNIFORM,
                DelaySpec.Distribution.NORMAL, DelaySpec.Distribution.PARETO), PROBABILITY)
                .as((d, j, distribution, reorder) -> DelaySpec.newBuilder().setDelayNs(d).setJitterNs(j).setDistribution(distribution)
                        .setReorderProbability(reorder).build());
        Arbitrary<RateSpec> rate = Combinators.combine(Arbitraries.longs().between(1, 10_000_000_000L), Arbitraries.integers().between(0, 1 << 20))
                .as((bits, queue) -> RateSpec.newBuilder().setBitsPerSecond(bits).setQueueBytes(queue).build());
        Arbitrary<BlackoutSpec> blackout = Combinators.combine(Arbitraries.longs().between(0, 1_000_000_000L),
                Arbitraries.longs().between(1, 86_400_000_000_000L))
                .as((after, duration) -> BlackoutSpec.newBuilder().setAfterBytes(after).setDurationNs(duration).build());
        return Builders.withBuilder(ImpairmentSpec::newBuilder)
                .use(scopes()).in(ImpairmentSpec.Builder::setScope)
                .use(match).withProbability(0.3).in(ImpairmentSpec.Builder::setMatch)
                .use(loss).in(ImpairmentSpec.Builder::setLoss)
                .use(gilbertElliott).withProbability(0.2).in(ImpairmentSpec.Builder::setGilbertElliott)
                .use(delay).withProbability(0.2).in(ImpairmentSpec.Builder::setDelay)
                .use(PROBABILITY).withProbability(0.2).in(ImpairmentSpec.Builder::setDuplicate)
                .use(PROBABILITY).withProbability(0.2).in(ImpairmentSpec.Builder::setCorrupt)
                .use(rate).withProbability(0.2).in(ImpairmentSpec.Builder::setRate)
                .use(Arbitraries.integers().between(0, Ethernet.MAX_MTU)).withProbability(0.2).in(ImpairmentSpec.Builder::setMtu)
                .use(Arbitraries.integers().between(0, 256)).withProbability(0.2).in(ImpairmentSpec.Builder::setTrailingBytes)
                .use(blackout).withProbability(0.2).in(ImpairmentSpec.Builder::setBlackout)
                .use(Arbitraries.longs()).withProbability(0.3).in(ImpairmentSpec.Builder::setSeed)
                .build(ImpairmentSpec.Builder::build);
    }
}
