package io.vnetif.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnetif.text.BitRate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void parsesTheTcVocabulary() {
        assertThat(Units.percent("1%")).isEqualTo(0.01);
        assertThat(Units.percent("0.5%")).isEqualTo(0.005);
        assertThat(Units.duration("20ms")).isEqualTo(Duration.ofMillis(20));
        assertThat(Units.duration("500us")).isEqualTo(Duration.ofNanos(500_000));
        assertThat(Units.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(BitRate.parse("10mbit")).isEqualTo(10_000_000);
        assertThat(BitRate.parse("512kbit")).isEqualTo(512_000);
        assertThat(Units.bytes("64kb")).isEqualTo(65_536);
        assertThat(Units.bytes("1500")).isEqualTo(1500);
    }

    @Test
    void rejectsWhatItCannotRead() {
        assertThatThrownBy(() -> Units.percent("101%")).hasMessageContaining("more than 100%");
        assertThatThrownBy(() -> Units.duration("20")).hasMessageContaining("has no time unit");
        assertThatThrownBy(() -> BitRate.parse("0bit")).hasMessageContaining("below 1 bit/s");
        assertThatThrownBy(() -> Units.bytes("3xb")).hasMessageContaining("unknown unit");
        assertThatThrownBy(() -> Units.integer("x")).hasMessageContaining("not a whole number");
    }
}
