package io.vnetif.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The one grammar of durations, percentages, sizes and rates: what it reads, what it refuses, and that it reads back what it writes. */
class GrammarTest {
    @Test
    void readsTheTcVocabulary() {
        assertThat(Percentages.parse("1%")).isEqualTo(0.01);
        assertThat(Percentages.parse("0.5%")).isEqualTo(0.005);
        assertThat(Durations.parse("20ms")).isEqualTo(Duration.ofMillis(20));
        assertThat(Durations.parse("500us")).isEqualTo(Duration.ofNanos(500_000));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2)).isEqualTo(Durations.parse("2min"));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("PT5S")).as("ISO-8601, as the switch's flags always took").isEqualTo(Duration.ofSeconds(5));
        assertThat(BitRate.parse("10mbit")).isEqualTo(10_000_000);
        assertThat(BitRate.parse("512kbit")).isEqualTo(512_000);
        assertThat(ByteSizes.parse("64kb")).isEqualTo(65_536);
        assertThat(ByteSizes.parse("1500")).isEqualTo(1500);
    }

    @Test
    void refusesWhatItCannotReadNamingTheText() {
        assertThatThrownBy(() -> Percentages.parse("101%")).hasMessageContaining("more than 100%");
        assertThatThrownBy(() -> Percentages.parse("5")).hasMessageContaining("'5' is not a percentage");
        assertThatThrownBy(() -> Durations.parse("20")).hasMessageContaining("'20' has no unit (ns, us, ms, s, m, min, h)");
        assertThatThrownBy(() -> Durations.parse("20 parsecs")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("-5s")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("PT-5S")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Durations.parse("99999999999h")).hasMessageContaining("too long");
        assertThatThrownBy(() -> Durations.parsePositive("0s")).hasMessageContaining("longer than zero");
        assertThatThrownBy(() -> BitRate.parse("0bit")).hasMessageContaining("below 1 bit/s");
        assertThatThrownBy(() -> ByteSizes.parse("3xb")).hasMessageContaining("unknown unit");
    }

    @Test
    void writesInTheLargestExactUnit() {
        assertThat(Durations.format(Duration.ofMillis(20))).isEqualTo("20ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(Durations.format(0)).isEqualTo("0s");
        assertThat(Percentages.format(0.05)).isEqualTo("5%");
        assertThat(Percentages.format(0.005)).isEqualTo("0.5%");
        assertThat(BitRate.format(10_000_000)).isEqualTo("10mbit");
        assertThat(ByteSizes.format(32 * 1024)).isEqualTo("32kb");
        assertThat(ByteSizes.format(1000)).isEqualTo("1000b");
    }

    @Property(tries = 2000)
    void durationsReadBackExactly(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long nanos) {
        assertThat(Durations.parse(Durations.format(nanos)).toNanos()).isEqualTo(nanos);
    }

    @Property(tries = 2000)
    void percentagesReadBackExactly(@ForAll @DoubleRange(min = 0, max = 1) double probability) {
        assertThat(Percentages.parse(Percentages.format(probability))).isEqualTo(probability);
    }

    @Property(tries = 2000)
    void sizesAndRatesReadBackExactly(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE / 8) long n) {
        assertThat(ByteSizes.parse(ByteSizes.format(n))).isEqualTo(n);
        assertThat(BitRate.parse(BitRate.format(n))).isEqualTo(n);
    }
}
