package io.vnetif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.api.DelayDistribution;
import io.vnetif.core.impair.Blackout;
import io.vnetif.core.impair.Delay;
import io.vnetif.core.impair.GilbertElliott;
import io.vnetif.core.impair.ImpairmentSpec;
import io.vnetif.core.impair.Loss;
import io.vnetif.core.impair.RateLimit;
import io.vnetif.core.impair.Scope;
import io.vnetif.proto.mapping.ImpairmentProtos;
import io.vnetif.proto.v1.ImpairmentScope;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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
        Arbitrary<Delay> delay = Combinators.combine(delayNanos, delayNanos, Arbitraries.of(DelayDistribution.class), p).as(Delay::new);
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
