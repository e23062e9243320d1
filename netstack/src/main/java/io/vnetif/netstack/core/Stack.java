package io.vnetif.netstack.core;

import io.vnetif.netstack.iface.Ipv4Interface;
import io.vnetif.netstack.iface.Link;
import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.tcp.TcpConfig;
import io.vnetif.netstack.tcp.TcpLayer;
import io.vnetif.netstack.time.TimerWheel;
import io.vnetif.netstack.udp.UdpLayer;
import java.security.SecureRandom;
import java.util.function.LongSupplier;

/**
 * The stack's protocols put together over one link: the interface (Ethernet, ARP, IPv4, ICMP), UDP and
 * TCP, their counters and the timer wheel they share. Poll-driven and single-threaded (as smoltcp's
 * interface is): frames go in through {@link #receive}, time moves on with {@link #advance}, and
 * {@link #nextDeadline} says when the next timer falls due. {@link StackLoop} runs it on a thread of its own;
 * tests run it on theirs, on a clock they move by hand.
 */
public final class Stack {
    /** Timer resolution: 1 ms ticks; a turn of the wheel is 4 s (later deadlines wait in their slot). */
    private static final long TICK_NANOS = 1_000_000;
    private static final int SLOTS = 4096;

    private final Counters counters = new Counters();
    private final LongSupplier clock;
    private final TimerWheel timers;
    private final Ipv4Interface ip;
    private final TcpLayer tcp;
    private final UdpLayer udp;

    public Stack(Link link, Ipv4Interface.Config ipConfig, TcpConfig tcpConfig, int udpReceiveBuffer, int udpSendBuffer, LongSupplier clock,
                 SecureRandom random) {
        this.clock = clock;
        long now = clock.getAsLong();
        this.timers = new TimerWheel(TICK_NANOS, SLOTS, now);
        this.ip = new Ipv4Interface(link, counters, timers, ipConfig, random.nextInt(0x10000));
        this.tcp = new TcpLayer(tcpConfig, ip, counters, timers, clock, random);
        this.udp = new UdpLayer(ip, counters, udpReceiveBuffer, udpSendBuffer, random);
        ip.register(tcp);
        ip.register(udp);
    }

    /** A frame from the link ({@code length} bytes at the start of {@code frame}, valid during the call). */
    public void receive(byte[] frame, int length) {
        ip.receive(frame, length, clock.getAsLong());
    }

    /** Runs every timer that fell due. */
    public void advance() {
        long now = clock.getAsLong();
        ip.at(now);
        timers.advance(now);
    }

    /** When the next timer falls due ({@link Long#MAX_VALUE}: none waits). */
    public long nextDeadline() {
        return timers.nextDeadline();
    }

    public long now() {
        return clock.getAsLong();
    }

    public Ipv4Interface ip() {
        return ip;
    }

    public TcpLayer tcp() {
        return tcp;
    }

    public UdpLayer udp() {
        return udp;
    }

    public Counters counters() {
        return counters;
    }
}
