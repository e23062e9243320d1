package io.vnetif.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A switch's control address as users write it: port 7400 when left out, bad ports refused at once, nothing looked up. */
class ControlAddressTest {
    @Test
    void aHostAloneMeansTheDefaultControlPort() {
        assertThat(ControlAddress.parse("127.0.0.1")).isEqualTo(new ControlAddress("127.0.0.1", 7400));
        assertThat(ControlAddress.parse("switch.example")).isEqualTo(new ControlAddress("switch.example", 7400));
        assertThat(ControlAddress.parse("[::1]")).isEqualTo(new ControlAddress("::1", 7400));
        assertThat(ControlAddress.DEFAULT_PORT).isEqualTo(7400);
    }

    @Test
    void readsHostAndPortAndWritesThemBackAsAGrpcTarget() {
        assertThat(ControlAddress.parse("127.0.0.1:7999").toString()).isEqualTo("127.0.0.1:7999");
        assertThat(ControlAddress.parse("[::1]:7401").toString()).isEqualTo("[::1]:7401");
        assertThat(ControlAddress.parse(" localhost:1 ").toString()).isEqualTo("localhost:1");
    }

    @Test
    void refusesWhatIsNoAddressNamingIt() {
        assertThatThrownBy(() -> ControlAddress.parse("127.0.0.1:99999")).hasMessage("'127.0.0.1:99999': port 99999 out of range 1..65535");
        assertThatThrownBy(() -> ControlAddress.parse("127.0.0.1:0")).hasMessageContaining("port 0 out of range");
        assertThatThrownBy(() -> ControlAddress.parse("127.0.0.1:http")).hasMessage("'127.0.0.1:http': port 'http' is not a number");
        assertThatThrownBy(() -> ControlAddress.parse("127.0.0.1:")).hasMessageContaining("port '' is not a number");
        assertThatThrownBy(() -> ControlAddress.parse(":7400")).hasMessageContaining("has no host");
        assertThatThrownBy(() -> ControlAddress.parse("::1")).hasMessageContaining("IPv6 addresses in brackets");
        assertThatThrownBy(() -> ControlAddress.parse("[::1")).hasMessageContaining("not an address");
        assertThatThrownBy(() -> ControlAddress.parse("")).hasMessageContaining("empty switch address");
    }

    @Test
    void looksNothingUpUntilAsked() {
        ControlAddress unresolvable = ControlAddress.parse("nohost.invalid:7400");
        assertThat(unresolvable.toString()).isEqualTo("nohost.invalid:7400");
        assertThatThrownBy(unresolvable::resolve).isInstanceOf(java.net.UnknownHostException.class);
    }
}
