package io.vnetif.netstack.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.tcp.TcpConfig;
import io.vnetif.netstack.wire.Ipv6Address;
import org.junit.jupiter.api.Test;

/** Dual stacks on one simulated segment, on virtual time: IPv6 hosts find each other and ping, by link-local and global address. */
class Ipv6LanTest {
    private static final long MS = 1_000_000L;

    @Test
    void twoStacksResolveEachOtherAndPingBothWays() {
        VirtualLan lan = new VirtualLan(3);
        VirtualLan.Host a = lan.dualHost("198.19.0.1", "2001:db8::1/64", TcpConfig.DEFAULTS);
        VirtualLan.Host b = lan.dualHost("198.19.0.2", "2001:db8::2/64", TcpConfig.DEFAULTS);
        lan.settle();
        Ipv6Address bGlobal = Ipv6Address.parse("2001:db8::2");
        long[] rtt = {-1, -1};
        a.stack.ipv6().ping(bGlobal, 56, (seq, nanos) -> rtt[0] = nanos, lan.now());
        assertThat(lan.runUntil(() -> rtt[0] >= 0, 1_000 * MS)).as("an answer from %s", bGlobal).isTrue();
        assertThat(rtt[0]).as("resolution and the echo: two round trips of the LAN's 0.1 ms").isEqualTo(4 * lan.delayNanos);
        Ipv6Address aLinkLocal = a.stack.ipv6().linkLocal();
        b.stack.ipv6().ping(aLinkLocal, 56, (seq, nanos) -> rtt[1] = nanos, lan.now());
        assertThat(lan.runUntil(() -> rtt[1] >= 0, 1_000 * MS)).as("an answer from %s", aLinkLocal).isTrue();
        assertThat(a.stack.ipv6().neighbors()).containsEntry(bGlobal, b.mac());
        assertThat(b.stack.ipv6().neighborState(Ipv6Address.parse("2001:db8::1"))).as("learned from a's solicitation").isNotNull();
        assertThat(a.stack.counters().get(Counter.NDP_DUPLICATE_ADDRESSES) + b.stack.counters().get(Counter.NDP_DUPLICATE_ADDRESSES)).isZero();
    }

    @Test
    void theSecondHostOnAnAddressFindsItInUse() {
        VirtualLan lan = new VirtualLan(4);
        VirtualLan.Host a = lan.dualHost("198.19.0.1", "2001:db8::1/64", TcpConfig.DEFAULTS);
        lan.settle();
        VirtualLan.Host b = lan.dualHost("198.19.0.2", "2001:db8::1/64", TcpConfig.DEFAULTS);
        lan.settle();
        assertThat(b.stack.counters().get(Counter.NDP_DUPLICATE_ADDRESSES)).isEqualTo(1);
        assertThat(b.stack.ipv6().addresses()).extracting(s -> s.address() + " " + s.state()).contains("2001:db8::1 DUPLICATE");
        assertThat(a.stack.ipv6().addresses()).extracting(s -> s.state()).containsOnly("PREFERRED");
    }
}
