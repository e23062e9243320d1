package io.vnetif.netstack.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.tcp.TcpConfig;
import io.vnetif.netstack.udp.UdpEndpoint;
import io.vnetif.netstack.wire.IpAddress;
import io.vnetif.netstack.wire.Ipv6Address;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * IPv6's parsers meet frames they cannot trust: mutated copies (ICMPv6 and UDP checksums made right) of the
 * MLD reports, duplicate address probes, neighbour solicitations and advertisements, echoes, datagrams and
 * port unreachables two dual stacks send, and random bytes. Nothing throws out of the stack, refusals are
 * counted drops, and afterwards the host still answers ping6 at the address it had and takes a datagram.
 */
class HostileIpv6FramesPropertiesTest {
    private static final long MS = 1_000_000L;
    private static final Ipv6Address B = Ipv6Address.parse("2001:db8::2");

    private static List<byte[]> templates() throws Exception {
        VirtualLan lan = new VirtualLan(1);
        List<byte[]> frames = new ArrayList<>();
        lan.tap = (from, frame) -> frames.add(frame);
        VirtualLan.Host a = lan.dualHost("198.19.0.1", "2001:db8::1/64", TcpConfig.DEFAULTS);
        VirtualLan.Host b = lan.dualHost("198.19.0.2", "2001:db8::2/64", TcpConfig.DEFAULTS);
        lan.settle();
        a.stack.ipv6().ping(B, 56, (seq, rtt) -> { }, lan.now());
        b.stack.udp().bind(53);
        UdpEndpoint out = a.stack.udp().bind(0);
        send(a, out, 53, 100);
        send(a, out, 9, 100); // answered with port unreachable
        lan.run(100 * MS);
        return frames;
    }

    private static void send(VirtualLan.Host from, UdpEndpoint e, int port, int length) throws SocketException {
        e.lock.lock();
        try {
            e.queue(IpAddress.v6(B), port, new byte[length], 0, length);
        } finally {
            e.lock.unlock();
        }
        from.stack.udp().drain(e);
    }

    @Property(tries = 60)
    void noFrameBreaksAnIpv6Host(@ForAll @LongRange(min = 1, max = 1_000_000) long seed, @ForAll @IntRange(min = 50, max = 400) int frames)
            throws Exception {
        List<byte[]> templates = templates();
        VirtualLan lan = new VirtualLan(seed);
        VirtualLan.Host a = lan.dualHost("198.19.0.1", "2001:db8::1/64", TcpConfig.DEFAULTS);
        VirtualLan.Host b = lan.dualHost("198.19.0.2", "2001:db8::2/64", TcpConfig.DEFAULTS);
        lan.settle();
        UdpEndpoint service = b.stack.udp().bind(53);
        Mutations.attack(lan, a, templates, frames, new SplittableRandom(seed));
        long drops = b.stack.counters().snapshot().entrySet().stream().filter(e -> e.getKey().isDrop()).mapToLong(e -> e.getValue()).sum();
        assertThat(drops).as("frames dropped with a reason").isPositive();
        assertThat(b.stack.ipv6().addresses()).as("b's addresses, preferred before the attack").extracting(s -> s.state()).containsOnly("PREFERRED");

        // A forged advertisement may have taught b a wrong MAC for a, as it would any host: unreachability
        // detection (reachable at most 45 s, 5 s of delay, 3 probes) forgets it, so the pings go on for longer.
        long[] rtt = {-1};
        for (int i = 0; i < 120 && rtt[0] < 0; i++) {
            a.stack.ipv6().ping(B, 56, (seq, nanos) -> rtt[0] = nanos, lan.now());
            lan.runUntil(() -> rtt[0] >= 0, 1_000 * MS);
        }
        assertThat(rtt[0]).as("a ping6 answered after the attack").isNotNegative();

        Mutations.discardWhatTheAttackLeft(service);
        send(a, a.stack.udp().bind(0), 53, 12);
        lan.runUntil(() -> service.datagrams() > 0, 5_000 * MS);
        assertThat(service.datagrams()).as("a datagram taken after the attack").isEqualTo(1);
    }
}
