package io.vnetif.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** A peer's address (a raw-UDP remote, a VXLAN peer) as users write it: checked where it is typed, looked up where it is used. */
class HostPortTest {
    @Test
    void aPeerIsReadAsTypedWithoutALookup() {
        assertThat(HostPort.unresolved("198.18.4.1:5555", 0)).isEqualTo(InetSocketAddress.createUnresolved("198.18.4.1", 5555));
        assertThat(HostPort.unresolved("nohost.invalid", 4789)).isEqualTo(InetSocketAddress.createUnresolved("nohost.invalid", 4789));
        assertThat(HostPort.unresolved("[::1]", 4789)).isEqualTo(InetSocketAddress.createUnresolved("::1", 4789));
        assertThat(HostPort.unresolved(" [::1]:5 ", 0)).isEqualTo(InetSocketAddress.createUnresolved("::1", 5));
    }

    @Test
    void aPeerWithoutItsPortOrWithABadOneIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> HostPort.unresolved("198.18.4.1", 0)).hasMessage("'198.18.4.1' has no port, want host:port");
        assertThatThrownBy(() -> HostPort.unresolved("198.18.4.1:0", 0)).hasMessage("'198.18.4.1:0': port 0 out of range 1..65535");
        assertThatThrownBy(() -> HostPort.unresolved("198.18.4.1:70000", 4789)).hasMessage("'198.18.4.1:70000': port 70000 out of range 1..65535");
        assertThatThrownBy(() -> HostPort.unresolved("198.18.4.1:-1", 4789)).hasMessage("'198.18.4.1:-1': port '-1' is not a number");
        assertThatThrownBy(() -> HostPort.unresolved(":5555", 0)).hasMessage("':5555' has no host, want host:port");
        assertThatThrownBy(() -> HostPort.unresolved("fe80::1", 4789)).hasMessageContaining("write IPv6 addresses in brackets");
        assertThatThrownBy(() -> HostPort.unresolved("", 4789)).hasMessage("empty address, want host:port");
    }

    @Test
    void aPeerToSendToIsLookedUpAndIsAConcreteAddress() {
        assertThat(HostPort.parseWithDefaultPort("127.0.0.1", 4789).getPort()).isEqualTo(4789);
        assertThat(HostPort.parseWithDefaultPort("127.0.0.1", 4789).isUnresolved()).isFalse();
        assertThatThrownBy(() -> HostPort.parseWithDefaultPort("0.0.0.0:4789", 4789)).hasMessage("'0.0.0.0:4789' is not an address to send to (a wildcard address)");
        assertThatThrownBy(() -> HostPort.parseWithDefaultPort("nohost.invalid:1", 0)).hasMessage("'nohost.invalid:1': unknown host 'nohost.invalid'");
    }
}
