package io.vnetif.netstack.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.tcp.TcpConfig;
import io.vnetif.netstack.tcp.TcpConnection;
import io.vnetif.netstack.tcp.TcpListener;
import io.vnetif.netstack.udp.UdpEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Every parser of the stack meets frames it cannot trust: mutated copies of real ARP, ICMP, UDP (whole and
 * fragmented) and TCP frames, and plain random bytes. Nothing throws out of the stack, the refused ones are
 * counted as drops, and afterwards the host still answers ping, takes datagrams and accepts a connection.
 */
class HostileFramesAllProtocolsPropertiesTest {
    private static final long MS = 1_000_000L;

    /** Real frames of every kind, as two stacks send them to each other. */
    private static List<byte[]> templates() throws Exception {
        VirtualLan lan = new VirtualLan(1);
        VirtualLan.Host a = lan.host("198.19.0.1", TcpConfig.DEFAULTS);
        VirtualLan.Host b = lan.host("198.19.0.2", TcpConfig.DEFAULTS);
        List<byte[]> frames = new ArrayList<>();
        lan.tap = (from, frame) -> frames.add(frame);
        a.stack.ip().ping(b.ip, 56, (seq, rtt) -> { }, lan.now());
        b.stack.udp().bind(53);
        UdpEndpoint out = a.stack.udp().bind(0);
        for (int[] datagram : new int[][] {{53, 100}, {9, 100}, {53, 4000}}) {
            out.lock.lock();
            try {
                out.queue(io.vnetif.netstack.wire.IpAddress.v4(b.ip), datagram[0], new byte[datagram[1]], 0, datagram[1]);
            } finally {
                out.lock.unlock();
            }
            a.stack.udp().drain(out);
        }
        b.stack.tcp().listen(80, 4);
        TcpConnection c = a.stack.tcp().connect(b.address, 80, 0, false, false, lan.now());
        lan.run(100 * MS);
        c.lock.lock();
        try {
            c.write(new byte[3000], 0, 3000);
        } finally {
            c.lock.unlock();
        }
        a.stack.tcp().serve(c, false, lan.now());
        lan.run(100 * MS);
        return frames;
    }

    @Property(tries = 100)
    void noFrameBreaksAHost(@ForAll @LongRange(min = 1, max = 1_000_000) long seed, @ForAll @IntRange(min = 50, max = 600) int frames)
            throws Exception {
        List<byte[]> templates = templates();
        VirtualLan lan = new VirtualLan(seed);
        VirtualLan.Host a = lan.host("198.19.0.1", TcpConfig.DEFAULTS.toBuilder().minRto(20 * MS).build());
        VirtualLan.Host b = lan.host("198.19.0.2", TcpConfig.DEFAULTS.toBuilder().minRto(20 * MS).build());
        UdpEndpoint service = b.stack.udp().bind(53);
        TcpListener listener = b.stack.tcp().listen(80, 64);
        Mutations.attack(lan, a, templates, frames, new SplittableRandom(seed));
        long drops = b.stack.counters().snapshot().entrySet().stream().filter(e -> e.getKey().isDrop()).mapToLong(e -> e.getValue()).sum();
        assertThat(drops).as("frames dropped with a reason").isPositive();

        // A forged ARP answer may have taught b a wrong MAC for a, as it would any host: the entry's lifetime
        // (60 s) bounds that, so the pings go on for twice as long.
        long[] rtt = {-1};
        for (int i = 0; i < 120 && rtt[0] < 0; i++) {
            a.stack.ip().ping(b.ip, 56, (seq, nanos) -> rtt[0] = nanos, lan.now());
            lan.runUntil(() -> rtt[0] >= 0, 1_000 * MS);
        }
        assertThat(rtt[0]).as("a ping answered after the attack").isNotNegative();

        Mutations.discardWhatTheAttackLeft(service);
        UdpEndpoint asker = a.stack.udp().bind(0);
        asker.lock.lock();
        try {
            asker.queue(io.vnetif.netstack.wire.IpAddress.v4(b.ip), 53, "still there?".getBytes(), 0, 12);
        } finally {
            asker.lock.unlock();
        }
        a.stack.udp().drain(asker);
        lan.runUntil(service::hasDatagram, 5_000 * MS);
        assertThat(service.hasDatagram()).as("a datagram taken after the attack").isTrue();

        TcpConnection c = a.stack.tcp().connect(b.address, 80, 0, false, false, lan.now());
        lan.runUntil(c::connectDone, 5_000 * MS);
        assertThat(c.error()).isNull();
        assertThat(c.state().synchronizedState()).as("a connection after the attack").isTrue();
    }
}
