package io.vnetif.proto.mapping;

import static io.vnetif.proto.mapping.UnsignedFields.uint32;
import static io.vnetif.proto.mapping.UnsignedFields.uint64;

import io.vnetif.api.DelayDistribution;
import io.vnetif.api.ImpairmentOutcome;
import io.vnetif.api.MacAddress;
import io.vnetif.core.impair.Blackout;
import io.vnetif.core.impair.Delay;
import io.vnetif.core.impair.FrameMatch;
import io.vnetif.core.impair.GilbertElliott;
import io.vnetif.core.impair.Loss;
import io.vnetif.core.impair.RateLimit;
import io.vnetif.core.impair.Scope;
import io.vnetif.proto.v1.BlackoutSpec;
import io.vnetif.proto.v1.DelaySpec;
import io.vnetif.proto.v1.FrameFilter;
import io.vnetif.proto.v1.GilbertElliottSpec;
import io.vnetif.proto.v1.ImpairedCount;
import io.vnetif.proto.v1.ImpairmentScope;
import io.vnetif.proto.v1.ImpairmentSpec;
import io.vnetif.proto.v1.LossSpec;
import io.vnetif.proto.v1.PortRef;
import io.vnetif.proto.v1.RateSpec;
import io.vnetif.wire.Ethernet;
import java.util.List;
import java.util.Map;

/**
 * Impairment rules between their API form (protobuf) and their engine form, both ways: the switch reads
 * requests with it, the client library writes them. Invalid fields become IllegalArgumentException
 * naming the field; unsigned fields are read through {@link UnsignedFields}.
 */
public final class ImpairmentProtos {
    /** Turns a port reference into a MAC; {@code field} names it in error messages. */
    @FunctionalInterface
    public interface PortResolver {
        MacAddress resolve(PortRef ref, String field);
    }

    private ImpairmentProtos() {
    }

    /**
     * The engine form of a rule.
     *
     * @param ports resolves a port reference to a MAC (given the field name for error messages)
     * @throws IllegalArgumentException naming the invalid field
     */
    public static io.vnetif.core.impair.ImpairmentSpec toEngine(ImpairmentSpec p, PortResolver ports) {
        io.vnetif.core.impair.ImpairmentSpec.Builder b = io.vnetif.core.impair.ImpairmentSpec.builder(scope(p.getScope(), ports))
                .match(match(p.getMatch()))
                .duplicate(p.getDuplicate())
                .corrupt(p.getCorrupt())
                .mtu(uint32(p.getMtu(), 0, Ethernet.MAX_MTU, "mtu"))
                .trailingBytes(uint32(p.getTrailingBytes(), 0, io.vnetif.core.impair.ImpairmentSpec.MAX_TRAILING_BYTES, "trailing_bytes"));
        if (p.hasLoss()) {
            b.loss(new Loss(p.getLoss().getProbability(), p.getLoss().getCorrelation()));
        }
        if (p.hasGilbertElliott()) {
            GilbertElliottSpec g = p.getGilbertElliott();
            b.gilbertElliott(new GilbertElliott(g.getP(), g.getR(), g.hasLossInBad() ? g.getLossInBad() : 1.0, g.getLossInGood()));
        }
        if (p.hasDelay()) {
            DelaySpec d = p.getDelay();
            if (d.getDistribution() == DelaySpec.Distribution.UNRECOGNIZED) {
                throw new IllegalArgumentException("delay.distribution " + d.getDistributionValue() + " is not a distribution");
            }
            b.delay(new Delay(uint64(d.getDelayNs(), 0, Delay.MAX_NANOS, "delay.delay_ns"),
                    uint64(d.getJitterNs(), 0, Delay.MAX_NANOS, "delay.jitter_ns"),
                    DelayDistribution.valueOf(d.getDistribution().name()), d.getReorderProbability()));
        }
        if (p.hasRate()) {
            b.rate(new RateLimit(uint64(p.getRate().getBitsPerSecond(), 0, Long.MAX_VALUE, "rate.bits_per_second"),
                    uint32(p.getRate().getQueueBytes(), 0, Integer.MAX_VALUE, "rate.queue_bytes")));
        }
        if (p.hasBlackout()) {
            b.blackout(new Blackout(uint64(p.getBlackout().getAfterBytes(), 0, Long.MAX_VALUE, "blackout.after_bytes"),
                    uint64(p.getBlackout().getDurationNs(), 0, Blackout.MAX_DURATION_NANOS, "blackout.duration_ns")));
        }
        if (p.hasSeed()) {
            b.seed(p.getSeed());
        }
        return b.build();
    }

    private static Scope scope(ImpairmentScope s, PortResolver ports) {
        boolean wantsPort = s.getKind() != ImpairmentScope.Kind.NETWORK;
        boolean wantsPeer = s.getKind() == ImpairmentScope.Kind.LINK;
        if (s.hasPort() != wantsPort || s.hasPeer() != wantsPeer) {
            // A port given with the default kind NETWORK would silently impair the whole network.
            throw new IllegalArgumentException("scope " + s.getKind() + " takes " + (wantsPeer ? "port and peer"
                    : wantsPort ? "a port and no peer" : "no port and no peer") + " (is scope.kind set?)");
        }
        return switch (s.getKind()) {
            case NETWORK -> Scope.network();
            case SENT_BY -> Scope.sentBy(ports.resolve(s.getPort(), "scope.port"));
            case DELIVERED_TO -> Scope.deliveredTo(ports.resolve(s.getPort(), "scope.port"));
            case LINK -> Scope.link(ports.resolve(s.getPort(), "scope.port"), ports.resolve(s.getPeer(), "scope.peer"));
            default -> throw new IllegalArgumentException("scope.kind " + s.getKindValue() + " is not a scope");
        };
    }

    private static FrameMatch match(FrameFilter f) {
        int maxSize = uint32(f.getMaxSize(), 0, Integer.MAX_VALUE, "match.max_size");
        FrameMatch m = FrameMatch.ALL.withSize(uint32(f.getMinSize(), 0, Integer.MAX_VALUE, "match.min_size"),
                maxSize == 0 ? Integer.MAX_VALUE : maxSize);
        if (f.hasEtherType()) {
            m = m.withEtherType(uint32(f.getEtherType(), 0, 0xFFFF, "match.ether_type"));
        }
        if (f.hasIpProtocol()) {
            m = m.withIpProtocol(uint32(f.getIpProtocol(), 0, 255, "match.ip_protocol"));
        }
        if (!f.getDestinationMac().isEmpty()) {
            m = m.withDestination(mac(f.getDestinationMac(), "match.destination_mac"));
        }
        return m;
    }

    /** Parses a MAC field, naming the field when it is not one. */
    public static MacAddress mac(String text, String field) {
        try {
            return MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    /** The API form of a rule's spec: ports as MACs, the seed if set. */
    public static ImpairmentSpec toProto(io.vnetif.core.impair.ImpairmentSpec s) {
        ImpairmentSpec.Builder p = ImpairmentSpec.newBuilder()
                .setScope(scope(s.scope()))
                .setMatch(filter(s.match()))
                .setDuplicate(s.duplicate())
                .setCorrupt(s.corrupt())
                .setMtu(s.mtu())
                .setTrailingBytes(s.trailingBytes());
        if (s.seed() != null) {
            p.setSeed(s.seed());
        }
        if (s.loss() != null) {
            p.setLoss(LossSpec.newBuilder().setProbability(s.loss().probability()).setCorrelation(s.loss().correlation()));
        }
        if (s.gilbertElliott() != null) {
            GilbertElliott g = s.gilbertElliott();
            p.setGilbertElliott(GilbertElliottSpec.newBuilder().setP(g.p()).setR(g.r()).setLossInBad(g.lossInBad()).setLossInGood(g.lossInGood()));
        }
        if (s.delay() != null) {
            Delay d = s.delay();
            p.setDelay(DelaySpec.newBuilder().setDelayNs(d.delayNanos()).setJitterNs(d.jitterNanos())
                    .setDistribution(DelaySpec.Distribution.valueOf(d.distribution().name())).setReorderProbability(d.reorderProbability()));
        }
        if (s.rate() != null) {
            p.setRate(RateSpec.newBuilder().setBitsPerSecond(s.rate().bitsPerSecond()).setQueueBytes(s.rate().queueBytes()));
        }
        if (s.blackout() != null) {
            p.setBlackout(BlackoutSpec.newBuilder().setAfterBytes(s.blackout().afterBytes()).setDurationNs(s.blackout().durationNanos()));
        }
        return p.build();
    }

    private static ImpairmentScope scope(Scope s) {
        ImpairmentScope.Builder b = ImpairmentScope.newBuilder().setKind(ImpairmentScope.Kind.valueOf(s.kind().name()));
        if (s.port() != null) {
            b.setPort(PortRef.newBuilder().setMac(s.port().toString()));
        }
        if (s.peer() != null) {
            b.setPeer(PortRef.newBuilder().setMac(s.peer().toString()));
        }
        return b.build();
    }

    private static FrameFilter filter(FrameMatch m) {
        FrameFilter.Builder f = FrameFilter.newBuilder().setMinSize(m.minSize())
                .setMaxSize(m.maxSize() == Integer.MAX_VALUE ? 0 : m.maxSize());
        if (m.etherType() >= 0) {
            f.setEtherType(m.etherType());
        }
        if (m.ipProtocol() >= 0) {
            f.setIpProtocol(m.ipProtocol());
        }
        if (m.destination() != null) {
            f.setDestinationMac(m.destination().toString());
        }
        return f.build();
    }

    /** Non-zero outcome counts, in enum order. */
    public static List<ImpairedCount> counts(Map<ImpairmentOutcome, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> ImpairedCount.newBuilder().setOutcome(io.vnetif.proto.v1.Impaired.valueOf("IMPAIRED_" + e.getKey().name()))
                        .setCount(e.getValue()).build())
                .toList();
    }

    /** Outcome counts from the API form. */
    public static Map<ImpairmentOutcome, Long> counts(List<ImpairedCount> counts) {
        Map<ImpairmentOutcome, Long> out = new java.util.EnumMap<>(ImpairmentOutcome.class);
        for (ImpairedCount c : counts) {
            out.put(ImpairmentOutcome.valueOf(c.getOutcome().name().substring("IMPAIRED_".length())), c.getCount());
        }
        return out;
    }
}
