package io.vnetif.netstack.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.tcp.TcpConfig;
import io.vnetif.netstack.udp.UdpEndpoint;
import io.vnetif.netstack.wire.IpAddress;
import io.vnetif.netstack.wire.Ipv6Address;
import io.vnetif.netstack.wire.Ipv6Header;
import io.vnetif.netstack.wire.UdpHeader;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UDP over IPv6 between two dual stacks on one simulated segment, on virtual time. */
class UdpIpv6LanTest {
    private static final long MS = 1_000_000L;
    private static final IpAddress A6 = IpAddress.v6(Ipv6Address.parse("2001:db8::1"));
    private static final IpAddress B6 = IpAddress.v6(Ipv6Address.parse("2001:db8::2"));
    /** Where UDP's header starts in an IPv6 frame: after Ethernet's 14 bytes and IPv6's 40. */
    private static final int UDP_AT = 14 + Ipv6Header.LENGTH;

    private VirtualLan lan;
    private VirtualLan.Host a;
    private VirtualLan.Host b;

    @BeforeEach
    void twoDualStacks() {
        lan = new VirtualLan(17);
        a = lan.dualHost("198.19.0.1", "2001:db8::1/64", TcpConfig.DEFAULTS);
        b = lan.dualHost("198.19.0.2", "2001:db8::2/64", TcpConfig.DEFAULTS);
        lan.settle();
    }

    @Test
    void aDatagramGoesEachWayAndTheAnswerFindsItsSender() throws Exception {
        UdpEndpoint server = b.stack.udp().bind(5353);
        UdpEndpoint client = a.stack.udp().bind(0);
        send(a, client, B6, 5353, "question");
        assertThat(lan.runUntil(() -> has(server), 1_000 * MS)).as("the question reached b").isTrue();
        IpAddress from;
        int fromPort;
        server.lock.lock();
        try {
            from = server.peekAddress();
            fromPort = server.peekPort();
            assertThat(take(server)).isEqualTo("question");
        } finally {
            server.lock.unlock();
        }
        assertThat(from).isEqualTo(A6);
        assertThat(fromPort).isEqualTo(client.port());
        send(b, server, from, fromPort, "answer");
        assertThat(lan.runUntil(() -> has(client), 1_000 * MS)).as("the answer reached a").isTrue();
        client.lock.lock();
        try {
            assertThat(client.peekAddress()).isEqualTo(B6);
            assertThat(take(client)).isEqualTo("answer");
        } finally {
            client.lock.unlock();
        }
        assertThat(b.stack.counters().get(Counter.UDP_IN)).isEqualTo(1);
        assertThat(a.stack.counters().get(Counter.UDP_OUT)).isEqualTo(1);
    }

    @Test
    void oneEndpointTakesBothFamiliesInTurn() throws Exception {
        UdpEndpoint server = b.stack.udp().bind(5353);
        UdpEndpoint client = a.stack.udp().bind(0);
        send(a, client, B6, 5353, "over six");
        send(a, client, IpAddress.v4(b.ip), 5353, "over four");
        assertThat(lan.runUntil(() -> count(server) == 2, 1_000 * MS)).isTrue();
        List<String> got = new ArrayList<>();
        server.lock.lock();
        try {
            while (server.hasDatagram()) {
                IpAddress from = server.peekAddress();
                got.add(from + " " + take(server));
            }
        } finally {
            server.lock.unlock();
        }
        assertThat(got).containsExactlyInAnyOrder("2001:db8::1 over six", "198.19.0.1 over four");
    }

    @Test
    void aZeroChecksumIsRefusedAndCountedOverIpv6() throws Exception {
        UdpEndpoint server = b.stack.udp().bind(5353);
        UdpEndpoint client = a.stack.udp().bind(0);
        List<byte[]> udp6 = new ArrayList<>();
        lan.tap = (from, frame) -> {
            if (frame.length > UDP_AT && (frame[12] & 0xFF) == 0x86 && (frame[13] & 0xFF) == 0xDD
                    && Ipv6Header.nextHeader(frame, 14) == Ipv6Header.NEXT_UDP) {
                udp6.add(frame.clone());
            }
        };
        send(a, client, B6, 5353, "checked");
        assertThat(lan.runUntil(() -> has(server), 1_000 * MS)).as("with its checksum it is taken").isTrue();
        byte[] unchecked = udp6.get(0);
        unchecked[UDP_AT + 6] = 0; // "no checksum", as IPv4 allows
        unchecked[UDP_AT + 7] = 0;
        assertThat(UdpHeader.checksum(unchecked, UDP_AT)).isZero();
        lan.inject(a, unchecked);
        lan.run(10 * MS);
        assertThat(b.stack.counters().get(Counter.DROP_UDP_ZERO_CHECKSUM)).isEqualTo(1);
        assertThat(count(server)).as("only the checked one").isEqualTo(1);
    }

    @Test
    void aClosedPortIsAnsweredWithIcmpv6PortUnreachable() throws Exception {
        UdpEndpoint client = a.stack.udp().bind(0);
        send(a, client, B6, 9, "anyone?");
        assertThat(lan.runUntil(() -> a.stack.counters().get(Counter.ICMP6_ERRORS_IN) == 1, 1_000 * MS))
                .as("a hears of its datagram's fate").isTrue();
        assertThat(b.stack.counters().get(Counter.DROP_UDP_NO_SOCKET)).isEqualTo(1);
        assertThat(b.stack.counters().get(Counter.ICMP6_ERRORS_OUT)).isEqualTo(1);
        assertThat(a.stack.counters().get(Counter.DROP_ICMP6_MALFORMED)).as("it quotes a's own datagram").isZero();
        assertThat(count(client)).as("UDP keeps no error, as over IPv4").isZero();
    }

    @Test
    void aConnectedEndpointTakesOnlyItsPeerOfItsFamily() throws Exception {
        UdpEndpoint server = b.stack.udp().bind(5353);
        server.lock.lock();
        try {
            server.connect(A6, 7000);
        } finally {
            server.lock.unlock();
        }
        UdpEndpoint peer = a.stack.udp().bind(7000);
        send(a, peer, IpAddress.v4(b.ip), 5353, "over four");         // the peer's port, the other family
        send(a, peer, B6, 5353, "over six");
        assertThat(lan.runUntil(() -> has(server), 1_000 * MS)).isTrue();
        lan.run(10 * MS);
        server.lock.lock();
        try {
            assertThat(take(server)).isEqualTo("over six");
            assertThat(server.hasDatagram()).isFalse();
        } finally {
            server.lock.unlock();
        }
        assertThat(b.stack.counters().get(Counter.DROP_UDP_NO_SOCKET)).as("the IPv4 one").isEqualTo(1);
    }

    private static void send(VirtualLan.Host from, UdpEndpoint e, IpAddress to, int port, String text) throws SocketException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        e.lock.lock();
        try {
            assertThat(e.queue(to, port, data, 0, data.length)).isTrue();
        } finally {
            e.lock.unlock();
        }
        from.stack.udp().drain(e);
    }

    private static boolean has(UdpEndpoint e) {
        return count(e) > 0;
    }

    private static int count(UdpEndpoint e) {
        e.lock.lock();
        try {
            return e.datagrams();
        } finally {
            e.lock.unlock();
        }
    }

    /** The next datagram as text (the caller holds the lock). */
    private static String take(UdpEndpoint e) {
        byte[] b = new byte[2048];
        int n = e.take(b, 0, b.length);
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
