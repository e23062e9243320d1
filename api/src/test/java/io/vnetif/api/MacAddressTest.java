package io.vnetif.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MacAddressTest {
    @Test
    void parsesAndFormatsRoundTrip() {
        MacAddress mac = MacAddress.parse("02:AB:cd:00:10:ff");
        assertThat(mac.toString()).isEqualTo("02:ab:cd:00:10:ff");
        assertThat(mac.toLong()).isEqualTo(0x02abcd0010ffL);
        assertThat(MacAddress.fromBytes(mac.toBytes())).isEqualTo(mac);
        assertThat(MacAddress.parse("02-ab-cd-00-10-ff")).isEqualTo(mac);
    }

    @Test
    void rejectsMalformedText() {
        for (String bad : new String[] {"", "02:ab:cd:00:10", "02:ab:cd:00:10:fg", "02:ab:cd:00:10:ff:00", "02.ab.cd.00.10.ff"}) {
            assertThatThrownBy(() -> MacAddress.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a MAC address");
        }
        assertThatThrownBy(() -> MacAddress.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void classifiesGroupAndLocalBits() {
        assertThat(MacAddress.BROADCAST.isBroadcast()).isTrue();
        assertThat(MacAddress.BROADCAST.isMulticast()).isTrue();
        assertThat(MacAddress.parse("01:00:5e:00:00:01").isMulticast()).isTrue();
        assertThat(MacAddress.parse("02:00:00:00:00:01").isMulticast()).isFalse();
        assertThat(MacAddress.parse("02:00:00:00:00:01").isLocallyAdministered()).isTrue();
        assertThat(MacAddress.parse("00:1b:21:00:00:01").isLocallyAdministered()).isFalse();
    }

    @Test
    void randomAddressesAreLocalUnicast() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            MacAddress mac = MacAddress.randomLocal(random);
            assertThat(mac.isMulticast()).isFalse();
            assertThat(mac.isLocallyAdministered()).isTrue();
        }
    }

    @Test
    void rejectsValuesWiderThan48Bits() {
        assertThatThrownBy(() -> MacAddress.fromLong(1L << 48)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MacAddress.fromBytes(new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }
}
