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
                        .hasMessage("no IPv6 address of this stack may reach 2001:db8::7: it has none "
                                + "(NetStack.Builder.address(\"2001:db8::5/64\") gives one)");
                assertThatThrownBy(() -> d.send(new java.net.DatagramPacket(new byte[1], 1, new java.net.InetSocketAddress("2001:db8::7", 7))))
                        .isInstanceOf(SocketException.class).hasMessage("no IPv6 address of this stack may reach 2001:db8::7: it has none "
                                + "(NetStack.Builder.address(\"2001:db8::5/64\") gives one)");
                assertThatThrownBy(() -> v4only.ping("2001:db8::7", Duration.ofSeconds(1))).isInstanceOf(SocketException.class)
                        .hasMessageContaining("no IPv6 address");
            }
        }
    }

    @Test
    void aListenerTakesBothFamiliesAndAMebibyteCrossesIpv6UnderLossIntact() throws Exception {
        byte[] data = new byte[1 << 20];
        new java.util.Random(6).nextBytes(data);
        TcpOptions quick = TcpOptions.DEFAULTS.withMinRto(Duration.ofMillis(20));
        try (VirtualSwitch lan = VirtualSwitch.inProcess();
             NetStack server = NetStack.builder(lan.attach("lab")).address("198.19.0.7/24").address("2001:db8::7/64").tcp(quick).build();
             NetStack client = NetStack.builder(lan.attach("lab")).address("198.19.0.5/24").address("2001:db8::5/64").tcp(quick).build();
             java.net.ServerSocket listening = server.serverSocket(8080);                  // bound to the wildcard: both families
             io.vnetif.client.Impairment lossy = lan.impair("lab").loss(0.02).seed(6).apply()) {
            for (String to : new String[] {"2001:db8::7", "198.19.0.7"}) {
                java.util.concurrent.CompletableFuture<String> received = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try (java.net.Socket accepted = listening.accept()) {
                        return accepted.getInetAddress().getHostAddress() + " " + sha256(accepted.getInputStream().readAllBytes());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                try (java.net.Socket s = client.socket()) {
                    s.connect(new java.net.InetSocketAddress(to, 8080), 5_000);
                    assertThat(s.getInetAddress()).isEqualTo(InetAddress.getByName(to));
                    assertThat(s.getLocalAddress().getHostAddress()).isEqualTo(to.contains(":") ? "2001:db8:0:0:0:0:0:5" : "198.19.0.5");
                    try (java.io.OutputStream out = s.getOutputStream()) {
                        out.write(data);
                    }
                }
                String from = to.contains(":") ? "2001:db8:0:0:0:0:0:5" : "198.19.0.5";
                assertThat(received.get()).as("over %s", to).isEqualTo(from + " " + sha256(data));
            }
            assertThat(lossy.counts()).as("frames the switch lost").isNotEmpty();
            assertThat(client.connectionTable()).as("the table shows IPv6 endpoints bracketed")
                    .contains("[2001:db8:0:0:0:0:0:5]:", " -> [2001:db8:0:0:0:0:0:7]:8080", "mss:1440");
        }
    }

    @Test
    void aWildcardDatagramSocketTakesAndAnswersBothFamilies() throws Exception {
        try (VirtualSwitch lan = VirtualSwitch.inProcess();
             NetStack a = NetStack.builder(lan.attach("lab")).address("198.19.0.5/24").address("2001:db8::5/64").build();
             NetStack b = NetStack.builder(lan.attach("lab")).address("198.19.0.7/24").address("2001:db8::7/64").build();
             java.net.DatagramSocket client = a.datagramSocket(0)) {
            client.setSoTimeout(5_000);
            // docs:begin netstack-udp6
            try (java.net.DatagramSocket server = b.datagramSocket(5353)) {              // the wildcard: both families
                server.setSoTimeout(5_000);
                for (String to : new String[] {"2001:db8::7", "198.19.0.7"}) {
                    byte[] question = ("to " + to).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    client.send(new java.net.DatagramPacket(question, question.length, new java.net.InetSocketAddress(to, 5353)));
                    java.net.DatagramPacket got = new java.net.DatagramPacket(new byte[1500], 1500);
                    server.receive(got);                                                  // from 2001:db8::5, then 198.19.0.5
                    server.send(new java.net.DatagramPacket(got.getData(), got.getLength(), got.getSocketAddress())); // echoed back
                    // docs:end netstack-udp6
                    assertThat(got.getAddress().getHostAddress()).isEqualTo(to.contains(":") ? "2001:db8:0:0:0:0:0:5" : "198.19.0.5");
                    java.net.DatagramPacket answer = new java.net.DatagramPacket(new byte[1500], 1500);
                    client.receive(answer);
                    assertThat(answer.getAddress()).isEqualTo(InetAddress.getByName(to));
                    assertThat(new String(answer.getData(), 0, answer.getLength(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("to " + to);
                }
            }
            assertThat(b.stats()).containsEntry(Counter.DROP_UDP_BAD_CHECKSUM, 0L).containsEntry(Counter.UDP_IN, 2L);
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }
}
