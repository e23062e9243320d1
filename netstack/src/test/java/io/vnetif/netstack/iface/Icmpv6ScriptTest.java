package io.vnetif.netstack.iface;

import static io.vnetif.netstack.iface.Ipv6Link.PEER_IP;
import static io.vnetif.netstack.iface.Ipv6Link.PEER_MAC;
import static io.vnetif.netstack.iface.Ipv6Link.S;
import static io.vnetif.netstack.iface.Ipv6Link.STACK_IP;
import static io.vnetif.netstack.iface.Ipv6Link.STACK_MAC;
import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.wire.Bytes;
import io.vnetif.netstack.wire.EthernetHeader;
import io.vnetif.netstack.wire.IcmpHeader;
import io.vnetif.netstack.wire.Icmpv6Header;
import io.vnetif.netstack.wire.Ipv6Address;
import io.vnetif.netstack.wire.Ipv6Header;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ICMPv6 as scripts on virtual time: echo both ways, packet too big and the path MTU (RFC 8201), the errors the stack sends (RFC 4443). */
class Icmpv6ScriptTest {
    private final Ipv6Link link = new Ipv6Link(Ipv6Link.config());

    @BeforeEach
    void settled() {
        link.settle();
        link.ip().addStaticNeighbor(PEER_IP, PEER_MAC);
    }

    private long counter(Counter c) {
        return link.stack.counters().get(c);
    }

    @Test
    void anEchoRequestIsAnsweredWithItsIdentifierSequenceAndData() {
        byte[] data = "vnetif ping6 payload".getBytes();
        link.inject(PEER_IP, STACK_IP, 64, STACK_MAC, Ipv6Link.message(Icmpv6Header.ECHO_REQUEST, 0x1234_0007, data));
        Ipv6Link.Sent reply = link.expect(0);
        assertThat(reply.icmpType()).isEqualTo(Icmpv6Header.ECHO_REPLY);
        assertThat(reply.source()).isEqualTo(STACK_IP);
        assertThat(reply.destination()).isEqualTo(PEER_IP);
        assertThat(reply.hopLimit()).isEqualTo(64);
        assertThat(IcmpHeader.identifier(reply.frame(), reply.messageAt())).isEqualTo(0x1234);
        assertThat(IcmpHeader.sequence(reply.frame(), reply.messageAt())).isEqualTo(7);
        assertThat(Arrays.copyOfRange(reply.frame(), reply.messageAt() + 8, reply.frame().length)).isEqualTo(data);
        // To all nodes, too (as Linux answers), from our address of the asker's scope.
        link.inject(PEER_IP, Ipv6Address.ALL_NODES, 64, Ipv6Address.ALL_NODES.multicastMac(),
                Ipv6Link.message(Icmpv6Header.ECHO_REQUEST, 0x1234_0008, data));
        assertThat(link.expect(0).source()).isEqualTo(STACK_IP);
        assertThat(counter(Counter.ICMP6_ECHO_REPLIES_OUT)).isEqualTo(2);
    }

    @Test
    void aPingIsAnsweredAndItsRoundTripMeasuredOnTheStacksClock() {
        long[] rtt = {-1};
        int sequence = link.ip().ping(PEER_IP, 56, (seq, nanos) -> rtt[0] = nanos, link.now());
        Ipv6Link.Sent request = link.expect(0);
        assertThat(request.icmpType()).isEqualTo(Icmpv6Header.ECHO_REQUEST);
        assertThat(request.messageLength()).isEqualTo(8 + 56);
        link.advance(7 * Ipv6Link.MS);
        byte[] reply = Arrays.copyOfRange(request.frame(), request.messageAt(), request.frame().length);
        reply[0] = (byte) Icmpv6Header.ECHO_REPLY;
        link.inject(PEER_IP, STACK_IP, 64, STACK_MAC, reply);
        assertThat(rtt[0]).isEqualTo(7 * Ipv6Link.MS);
        assertThat(IcmpHeader.sequence(request.frame(), request.messageAt())).isEqualTo(sequence);
    }

    /** A packet too big from a router on the path, quoting {@code quoted}. */
    private void packetTooBig(Ipv6Link.Sent quoted, long mtu) {
        byte[] q = Arrays.copyOfRange(quoted.frame(), EthernetHeader.LENGTH, quoted.frame().length);
        link.inject(Ipv6Address.parse("2001:db8::fe"), STACK_IP, 64, STACK_MAC,
                Ipv6Link.message(Icmpv6Header.PACKET_TOO_BIG, (int) mtu, Arrays.copyOf(q, Math.min(q.length, 1232))));
    }

    @Test
    void packetTooBigLowersThePathMtuNeverBelow1280AndForAWhile() {
        link.ip().ping(PEER_IP, 1400, (seq, nanos) -> { }, link.now());
        Ipv6Link.Sent big = link.expect(0);
        assertThat(big.frame().length - EthernetHeader.LENGTH).isEqualTo(Ipv6Header.LENGTH + 8 + 1400);
        packetTooBig(big, 1400);
        assertThat(link.ip().pathMtu(PEER_IP)).isEqualTo(1400);
        assertThat(counter(Counter.ICMP6_PMTU_UPDATES)).isEqualTo(1);
        // IPv6 is not fragmented by its sender here: what does not fit is dropped, counted.
        link.ip().ping(PEER_IP, 1400, (seq, nanos) -> { }, link.now());
        assertThat(counter(Counter.DROP_IP6_TOO_LARGE)).isEqualTo(1);
        packetTooBig(big, 600); // RFC 8201 §4: below the minimum MTU means 1280
        assertThat(link.ip().pathMtu(PEER_IP)).isEqualTo(Ipv6Header.MIN_MTU);
        packetTooBig(big, 9000); // never raised by a message
        assertThat(link.ip().pathMtu(PEER_IP)).isEqualTo(Ipv6Header.MIN_MTU);
        assertThat(link.ip().pathMtu(Ipv6Address.parse("2001:db8::3"))).as("other destinations").isEqualTo(1500);
        link.advance(601 * S);
        assertThat(link.ip().pathMtu(PEER_IP)).as("after its lifetime, the link's MTU is tried again").isEqualTo(1500);
    }

    @Test
    void anErrorQuotingAPacketThatIsNotOursIsDropped() {
        link.ip().ping(PEER_IP, 1400, (seq, nanos) -> { }, link.now());
        Ipv6Link.Sent big = link.expect(0);
        Ipv6Address.parse("2001:db8::77").write(big.frame(), EthernetHeader.LENGTH + Ipv6Header.SOURCE_AT);
        packetTooBig(big, 1300);
        assertThat(counter(Counter.DROP_ICMP6_MALFORMED)).isEqualTo(1);
        assertThat(link.ip().pathMtu(PEER_IP)).isEqualTo(1500);
    }

    @Test
    void anUnknownNextHeaderIsAnsweredWithAParameterProblemPointingAtIt() {
        byte[] f = new byte[EthernetHeader.LENGTH + Ipv6Header.LENGTH + 8];
        EthernetHeader.write(f, STACK_MAC, PEER_MAC, EthernetHeader.TYPE_IPV6);
        Ipv6Header.write(f, EthernetHeader.LENGTH, 8, 253, 64, PEER_IP, STACK_IP);
        link.stack.receive(f, f.length);
        assertThat(counter(Counter.DROP_IP6_UNKNOWN_NEXT_HEADER)).isEqualTo(1);
        Ipv6Link.Sent problem = link.expect(0);
        assertThat(problem.icmpType()).isEqualTo(Icmpv6Header.PARAMETER_PROBLEM);
        assertThat(IcmpHeader.code(problem.frame(), problem.messageAt())).isEqualTo(Icmpv6Header.CODE_UNRECOGNIZED_NEXT_HEADER);
        assertThat(Bytes.i32(problem.frame(), problem.messageAt() + 4)).as("the pointer: the next header field").isEqualTo(6);
        assertThat(problem.destination()).isEqualTo(PEER_IP);
        // At most 100 errors a second.
        for (int i = 0; i < 150; i++) {
            link.stack.receive(f, f.length);
        }
        assertThat(counter(Counter.DROP_ICMP6_RATE_LIMITED)).isEqualTo(51);
    }
}
