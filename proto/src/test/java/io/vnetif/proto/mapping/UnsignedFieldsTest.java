package io.vnetif.proto.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnsignedFieldsTest {
    @Test
    void valuesInRangePass() {
        assertThat(UnsignedFields.uint32(9000, 68, 9000, "mtu")).isEqualTo(9000);
        assertThat(UnsignedFields.uint64(Long.MAX_VALUE, 0, Long.MAX_VALUE, "n")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void valuesBeyondTheSignedRangeAreQuotedAsSent() {
        assertThatThrownBy(() -> UnsignedFields.uint32(-1, 0, 0xFFFF, "match.ether_type"))
                .hasMessage("match.ether_type 4294967295 out of range 0..65535");
        assertThatThrownBy(() -> UnsignedFields.uint64(Long.MIN_VALUE, 0, Long.MAX_VALUE, "rate.bits_per_second"))
                .hasMessage("rate.bits_per_second 9223372036854775808 out of range 0..9223372036854775807");
    }

    @Test
    void valuesOutsideTheRangeAreRefused() {
        assertThatThrownBy(() -> UnsignedFields.uint32(67, 68, 9000, "mtu")).hasMessage("mtu 67 out of range 68..9000");
        assertThatThrownBy(() -> UnsignedFields.uint64(0, 1, 10, "n")).hasMessage("n 0 out of range 1..10");
    }

    @Test
    void limitsBeyondTheSignedRangeSaturate() {
        assertThat(UnsignedFields.saturatedUint64(-1)).isEqualTo(Long.MAX_VALUE);
        assertThat(UnsignedFields.saturatedUint64(5)).isEqualTo(5);
    }
}
