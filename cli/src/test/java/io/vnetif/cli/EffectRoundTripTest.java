package io.vnetif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.api.DelayDistribution;
import io.vnetif.api.MacAddress;
import io.vnetif.core.impair.Blackout;
import io.vnetif.core.impair.Delay;
import io.vnetif.core.impair.FrameMatch;
import io.vnetif.core.impair.GilbertElliott;
import io.vnetif.core.impair.ImpairmentSpec;
import io.vnetif.core.impair.Loss;
import io.vnetif.core.impair.RateLimit;
import io.vnetif.core.impair.Scope;
import io.vnetif.proto.mapping.ImpairmentProtos;
import io.vnetif.proto.v1.ImpairmentScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import picocli.CommandLine;
import net.jqwik.api.Provide;

/**
 * The words the engine describes a rule with ({@link ImpairmentSpec#effects()}, what {@code impair list}
 * shows) are words {@code vnetif impair} reads back as the very same rule: one grammar both ways.
 */
class EffectRoundTripTest {
    @Property(tries = 1000)
    void theCommandReadsBackWhatTheEngineWrites(@ForAll("specs") ImpairmentSpec written) {
        String words = written.effects();
        io.vnetif.proto.v1.ImpairmentSpec.Builder read = io.vnetif.proto.v1.ImpairmentSpec.newBuilder()
                .setScope(ImpairmentScope.newBuilder().setKind(ImpairmentScope.Kind.NETWORK));
        EffectParser.parse(Arrays.asList(words.split(" ")), read);
        ImpairmentSpec back = ImpairmentProtos.toEngine(read.build(), (ref, field) -> {
            throw new AssertionError("a network-wide rule names no port");
        });
        assertThat(ImpairmentProtos.toProto(back)).as(words).isEqualTo(ImpairmentProtos.toProto(written));
        assertThat(back.effects()).isEqualTo(words);
    }

    /**
     * The filters of a rule's description ({@code ip-proto tcp, size 0-128}) are the command's filter options
     * without their dashes: given back as options, they make the same filter.
     */
    @Property(tries = 1000)
    void theCommandReadsBackTheFiltersTheEngineWrites(@ForAll("matches") FrameMatch written) {
        List<String> args = new ArrayList<>();
        for (String condition : written.toString().split(", ")) {
            if (!condition.isEmpty()) {
                String[] option = condition.split(" ", 2);
                args.add("--" + option[0]);
                args.add(option[1]);
            }
        }
        ImpairCommand command = new ImpairCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        ImpairmentSpec back = ImpairmentProtos.toEngine(io.vnetif.proto.v1.ImpairmentSpec.newBuilder().setMatch(command.filter()).build(),
                (ref, field) -> {
                    throw new AssertionError("a network-wide rule names no port");
                });
        assertThat(back.match()).as(args.toString()).isEqualTo(written);
    }

    @Provide
    Arbitrary<FrameMatch> matches() {
        Arbitrary<Integer> etherType = Arbitraries.oneOf(Arbitraries.of(0x0800, 0x0806, 0x86DD), Arbitraries.integers().between(0, 0xFFFF));
        Arbitrary<Integer> protocol = Arbitraries.oneOf(Arbitraries.of(1, 6, 17, 58), Arbitraries.integers().between(0, 255));
        Arbitrary<Integer> size = Arbitraries.integers().between(0, 65535);
        Arbitrary<MacAddress> mac = Arbitraries.longs().between(0, (1L << 48) - 1).map(MacAddress::fromLong);
        return Combinators.combine(etherType.injectNull(0.4), protocol.injectNull(0.4), size.injectNull(0.4), size.injectNull(0.4),
                mac.injectNull(0.5)).as((type, proto, a, b, dst) -> {
                    FrameMatch m = FrameMatch.ALL;
                    if (type != null) {
                        m = m.withEtherType(type);
                    }
                    if (proto != null) {
                        m = m.withIpProtocol(proto);
                    }
                    if (a != null || b != null) {
                        int min = a == null ? 0 : a;
                        int max = b == null || b == 0 ? Integer.MAX_VALUE : Math.max(b, min);
                        m = m.withSize(min, max);
                    }
                    return dst == null ? m : m.withDestination(dst);
                });
    }

    /** The effects given as plain numbers (absent: 0). */
    private record Others(Double duplicate, Double corrupt, Integer mtu, Integer trailing) {
    }

    private static double zeroIfNull(Double p) {
        return p == null ? 0 : p;
    }

    @Provide
    Arbitrary<ImpairmentSpec> specs() {
        Arbitrary<Double> p = Arbitraries.doubles().between(0, 1);
        Arbitrary<Loss> loss = Combinators.combine(p, p).as(Loss::new);
        Arbitrary<GilbertElliott> gemodel = Combinators.combine(p, p, p, p).as(GilbertElliott::new);
        Arbitrary<Long> delayNanos = Arbitraries.longs().between(0, Delay.MAX_NANOS);
        // Reordering needs something held to overtake: no reorder share without a delay or a jitter.
        Arbitrary<Delay> delay = Combinators.combine(delayNanos, delayNanos, Arbitraries.of(DelayDistribution.class), p)
                .as((d, j, shape, reorder) -> new Delay(d, j, shape, d == 0 && j == 0 ? 0 : reorder));
        Arbitrary<RateLimit> rate = Combinators.combine(Arbitraries.longs().between(1, 100_000_000_000L),
                Arbitraries.integers().between(0, Integer.MAX_VALUE)).as(RateLimit::new);
        Arbitrary<Blackout> blackout = Combinators.combine(Arbitraries.longs().between(0, 1L << 40),
                Arbitraries.longs().between(1, Blackout.MAX_DURATION_NANOS)).as(Blackout::new);
        Arbitrary<Others> others = Combinators.combine(p.injectNull(0.5), p.injectNull(0.5),
                Arbitraries.integers().between(0, 9000).injectNull(0.5),
                Arbitraries.integers().between(0, ImpairmentSpec.MAX_TRAILING_BYTES).injectNull(0.5)).as(Others::new);
        return Combinators.combine(loss.injectNull(0.5), gemodel.injectNull(0.5), delay.injectNull(0.5), rate.injectNull(0.5),
                blackout.injectNull(0.5), others).as((l, g, d, r, b, o) -> {
                    ImpairmentSpec.Builder spec = ImpairmentSpec.builder(Scope.network()).loss(l).gilbertElliott(g).delay(d).rate(r)
                            .blackout(b);
                    spec.duplicate(zeroIfNull(o.duplicate())).corrupt(zeroIfNull(o.corrupt()));
                    spec.mtu(o.mtu() == null ? 0 : o.mtu()).trailingBytes(o.trailing() == null ? 0 : o.trailing());
                    return spec.build();
                }).filter(s -> !s.isNoOp());
    }
}
