package io.vnetif.netstack.core;

import io.vnetif.netstack.iface.EthernetDemux;
import io.vnetif.netstack.iface.Ipv4Interface;
import io.vnetif.netstack.iface.Ipv6Interface;
import io.vnetif.netstack.iface.Link;
import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.tcp.TcpConfig;
import io.vnetif.netstack.tcp.TcpLayer;
import io.vnetif.netstack.time.TimerWheel;
import io.vnetif.netstack.udp.UdpLayer;
import java.security.SecureRandom;
import java.util.function.LongSupplier;

/**
 * The stack's protocols put together over one link: the interfaces (Ethernet, ARP, IPv4, ICMP; IPv6, NDP,
 * MLD, ICMPv6 when configured), UDP and TCP, their counters and the timer wheel they share. Poll-driven and
 * single-threaded (as smoltcp's interface is): frames go in through {@link #receive}, time moves on with {@link #advance}, and
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
    private final Ipv6Interface ipv6;
    private final EthernetDemux ethernet;
    private final TcpLayer tcp;
    private final UdpLayer udp;

    /** An IPv4-only stack. */
    public Stack(Link link, Ipv4Interface.Config ipConfig, TcpConfig tcpConfig, int udpReceiveBuffer, int udpSendBuffer, LongSupplier clock,
                 SecureRandom random) {
        this(link, ipConfig, null, tcpConfig, udpReceiveBuffer, udpSendBuffer, clock, random);
    }

    /** A dual stack; {@code ipv6Config} null: IPv4 only. IPv6 takes up its addresses at once ({@link Ipv6Interface#start}). */
    public Stack(Link link, Ipv4Interface.Config ipConfig, Ipv6Interface.Config ipv6Config, TcpConfig tcpConfig, int udpReceiveBuffer,
                 int udpSendBuffer, LongSupplier clock, SecureRandom random) {
        this.clock = clock;
        long now = clock.getAsLong();
        this.timers = new TimerWheel(TICK_NANOS, SLOTS, now);
        int pingIdentifier = random.nextInt(0x10000);
        this.ip = new Ipv4Interface(link, counters, timers, ipConfig, pingIdentifier);
        this.ipv6 = ipv6Config == null ? null : new Ipv6Interface(link, counters, timers, ipv6Config, random, pingIdentifier);
        this.ethernet = new EthernetDemux(counters, ip, ipv6);
        this.tcp = new TcpLayer(tcpConfig, ip, ipv6, counters, timers, clock, random);
        this.udp = new UdpLayer(ip, ipv6, counters, udpReceiveBuffer, udpSendBuffer, random);
        ip.register(tcp);
        ip.register(udp);
        if (ipv6 != null) {
            ipv6.register(tcp);
            ipv6.register(udp);
            ipv6.start(now);
        }
    }

    /** A frame from the link ({@code length} bytes at the start of {@code frame}, valid during the call). */
    public void receive(byte[] frame, int length) {
        ethernet.receive(frame, length, clock.getAsLong());
    }

    /** Runs every timer that fell due. */
    public void advance() {
        long now = clock.getAsLong();
        ip.at(now);
        if (ipv6 != null) {
            ipv6.at(now);
        }
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

    /** The IPv6 interface, or null for an IPv4-only stack. */
    public Ipv6Interface ipv6() {
        return ipv6;
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
