package io.vnetif.netstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnetif.client.VirtualSwitch;
import io.vnetif.netstack.stats.Counter;
import java.net.InetAddress;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Dual stacks on the in-process switch, through the public API: addresses, ping6, neighbours, duplicates, counters. */
class NetStackIpv6Test {
    @Test
    void twoDualStacksPingEachOtherOverIpv6() throws Exception {
        Duration global;
        Duration linkLocal;
        // docs:begin netstack-ipv6
        try (VirtualSwitch lan = VirtualSwitch.inProcess();
             NetStack a = NetStack.builder(lan.attach("lab")).address("198.19.0.5/24").address("2001:db8::5/64").build();
             NetStack b = NetStack.builder(lan.attach("lab")).address("198.19.0.7/24").address("2001:db8::7/64").build()) {
            // build() returned once duplicate address detection found 2001:db8::5 and a's link-local address free
            global = a.ping("2001:db8::7", Duration.ofSeconds(5));                 // neighbour discovery, then ICMPv6 echo
            InetAddress bLinkLocal = b.addresses().get(1);                         // fe80::… from b's MAC
            linkLocal = a.ping(bLinkLocal.getHostAddress(), Duration.ofSeconds(5));
            assertThat(a.neighbors()).containsKey(InetAddress.getByName("2001:db8::7"));
            // docs:end netstack-ipv6
            assertThat(a.addresses()).extracting(InetAddress::getHostAddress)
                    .containsExactly("198.19.0.5", "fe80:0:0:0:" + eui64(a) , "2001:db8:0:0:0:0:0:5");
            assertThat(bLinkLocal.isLinkLocalAddress()).isTrue();
            assertThat(a.stats()).containsEntry(Counter.NDP_DUPLICATE_ADDRESSES, 0L);
            assertThat(b.stats().get(Counter.ICMP6_ECHO_REPLIES_OUT)).isEqualTo(2);
            assertThat(a.statsText()).contains("NDP:", "neighbour solicitations sent", "MLD:", "listener reports sent");
        }
        assertThat(global).isPositive();
        assertThat(linkLocal).isPositive();
    }

    /** The interface identifier of the stack's MAC (modified EUI-64) as the JDK prints it. */
    private static String eui64(NetStack s) {
        long mac = s.mac().toLong();
        long id = ((mac >>> 24) & 0xFF_FFFFL) << 40 | 0xFF_FEL << 24 | (mac & 0xFF_FFFFL);
        id ^= 0x0200_0000_0000_0000L;
        return Long.toHexString(id >>> 48) + ":" + Long.toHexString(id >>> 32 & 0xFFFF) + ":" + Long.toHexString(id >>> 16 & 0xFFFF) + ":"
                + Long.toHexString(id & 0xFFFF);
    }

    @Test
    void aSecondStackOnAnAddressInUseFailsToBuildSayingSo() {
        try (VirtualSwitch lan = VirtualSwitch.inProcess();
             NetStack first = NetStack.builder(lan.attach("lab")).address("198.19.0.5/24").address("2001:db8::5/64").build()) {
            assertThatThrownBy(() -> NetStack.builder(lan.attach("lab")).address("198.19.0.6/24").address("2001:db8::5/64").build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("2001:db8::5 already in use on the LAN (duplicate address detection, RFC 4862): give this stack another address");
            assertThat(first.stats()).containsEntry(Counter.NDP_DUPLICATE_ADDRESSES, 0L);
        }
    }

    @Test
    void badIpv6InputIsACallersErrorThatSaysWhatToDo() throws Exception {
        try (VirtualSwitch lan = VirtualSwitch.inProcess()) {
            NetStack.Builder b = NetStack.builder(lan.attach("lab"));
            assertThatThrownBy(() -> b.address("2001:db8::5")).hasMessageContaining("e.g. 2001:db8::5/64");
            assertThatThrownBy(() -> b.address("2001:db8::5/129")).hasMessageContaining("0..128");
            assertThatThrownBy(() -> b.address("fe80::5/64")).hasMessageContaining("link-local");
            assertThatThrownBy(() -> b.address("2001:db8::zz/64")).hasMessageContaining("is not an IPv6 address");
            assertThatThrownBy(() -> b.address("ff02::1/64")).hasMessageContaining("not a unicast IPv6 address");
            try (NetStack v4only = NetStack.on(lan.attach("lab"), "198.19.0.9/24");
                 java.net.Socket s = v4only.socket();
                 java.net.DatagramSocket d = v4only.datagramSocket(0)) {
                assertThatThrownBy(() -> s.connect(new java.net.InetSocketAddress("2001:db8::7", 80), 1_000)).isInstanceOf(SocketException.class)
                        .hasMessage("2001:db8:0:0:0:0:0:7 is an IPv6 address: this stack's TCP and UDP speak IPv4 only so far "
                                + "(ping and neighbour discovery speak IPv6; docs/netstack.md#ipv6)");
                assertThatThrownBy(() -> d.send(new java.net.DatagramPacket(new byte[1], 1, new java.net.InetSocketAddress("2001:db8::7", 7))))
                        .isInstanceOf(SocketException.class).hasMessageContaining("IPv4 only so far");
                assertThatThrownBy(() -> v4only.ping("2001:db8::7", Duration.ofSeconds(1))).isInstanceOf(SocketException.class)
                        .hasMessageContaining("no IPv6 address");
            }
        }
    }
}
