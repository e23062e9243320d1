package io.vnetif.netstack.iface;

import io.vnetif.netstack.ip.PacketOutput;
import io.vnetif.netstack.ip.Transport;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.time.TimerWheel;
import io.vnetif.netstack.wire.ArpPacket;
import io.vnetif.netstack.wire.Checksum;
import io.vnetif.netstack.wire.EthernetHeader;
import io.vnetif.netstack.wire.Ipv4Address;
import io.vnetif.netstack.wire.Ipv4Header;
import java.util.Map;

/**
 * The stack's interface on the LAN: Ethernet in and out, ARP (answers, cache, resolution), IPv4 in
 * (checks, reassembly, dispatch to ICMP and the transports) and out (routing on-link or through the
 * gateway, fragmentation where DF is not set, path MTU). It is the transports' {@link PacketOutput}: they
 * build their packets in its frame buffer. Confined to the stack's thread.
 */
public final class Ipv4Interface implements PacketOutput {
    /**
     * How the interface is set up.
     *
     * @param address            the stack's address
     * @param prefixLength       its network's prefix length (e.g. 24)
     * @param gateway            where packets off the network go, or 0 for none
     * @param ttl                the TTL of what it sends
     * @param reassemblyTimeout  how long fragments of one datagram may take to arrive
     * @param maxReassemblies    datagrams reassembled at once
     * @param maxReassemblyBytes bytes held by reassembly
     * @param pathMtuLifetime    how long a lowered path MTU is believed
     * @param icmpErrorsPerSecond destination-unreachable messages sent per second at most
     * @param arpLifetime        how long a learned ARP entry is believed
     * @param arpRetry           time between unanswered ARP requests
     * @param arpRequests        requests before packets waiting for an address are dropped
     * @param arpEntries         ARP cache size
     */
    public record Config(int address, int prefixLength, int gateway, int ttl, long reassemblyTimeout, int maxReassemblies,
                         int maxReassemblyBytes, long pathMtuLifetime, int icmpErrorsPerSecond, long arpLifetime, long arpRetry,
                         int arpRequests, int arpEntries) {
        public Config {
            if (prefixLength < 0 || prefixLength > 32 || ttl < 1 || ttl > 255 || maxReassemblies < 0 || maxReassemblyBytes < 0
                    || arpRequests < 1 || arpEntries < 1) {
                throw new IllegalArgumentException("interface settings out of range: " + this);
            }
        }
    }

    private static final int IP_AT = EthernetHeader.LENGTH;
    private static final int PAYLOAD_AT = IP_AT + Ipv4Header.MIN_LENGTH;
    /** The largest IP packet: what the frame buffer must hold before fragmentation. */
    private static final int MAX_PACKET = 65535;

    private final Link link;
    private final Counters counters;
    private final TimerWheel timers;
    private final Config config;
    private final long mac;
    private final int address;
    private final int mask;
    private final ArpTable arp;
    private final Reassembler reassembler;
    private final PathMtu pathMtu;
    private final Icmp icmp;
    private final Transport[] transports = new Transport[256];
    /** Where outgoing packets are built: Ethernet header, IP header, payload. */
    private final byte[] out = new byte[IP_AT + MAX_PACKET];
    private final byte[] fragment;
    private final byte[] arpFrame = new byte[EthernetHeader.LENGTH + ArpPacket.LENGTH];
    private int nextId;
    private long now;

    public Ipv4Interface(Link link, Counters counters, TimerWheel timers, Config config, int pingIdentifier) {
        this.link = link;
        this.counters = counters;
        this.timers = timers;
        this.config = config;
        this.mac = link.mac();
        this.address = config.address();
        this.mask = Ipv4Address.mask(config.prefixLength());
        this.arp = new ArpTable(link, counters, timers, this::sendArpRequest, new ArpTable.ArpConfig(config.arpLifetime(),
                config.arpRetry(), config.arpRequests(), config.arpEntries(), 16, 256 * 1024));
        this.reassembler = new Reassembler(counters, timers, config.reassemblyTimeout(), config.maxReassemblies(),
                config.maxReassemblyBytes());
        this.pathMtu = new PathMtu(link.mtu(), config.pathMtuLifetime());
        this.icmp = new Icmp(this, counters, config.icmpErrorsPerSecond(), pingIdentifier);
        this.fragment = new byte[EthernetHeader.LENGTH + link.mtu()];
        this.nextId = pingIdentifier * 7919;
    }

    /** Hands packets of {@code t}'s protocol to it. */
    public void register(Transport t) {
        transports[t.protocol()] = t;
    }

    Transport transport(int protocol) {
        return transports[protocol & 0xFF];
    }

    /** A static ARP entry. */
    public void addStaticNeighbor(int ip, long neighborMac) {
        arp.putStatic(ip, neighborMac);
    }

    /** The ARP cache now: address to MAC (-1 while resolving). */
    public Map<Integer, Long> neighbors(long nowNanos) {
        return arp.snapshot(nowNanos);
    }

    /** Announces the address (gratuitous ARP, RFC 5227 §3): stations update their caches, a conflict shows. */
    public void announce(long nowNanos) {
        this.now = nowNanos;
        sendArp(ArpPacket.REQUEST, EthernetHeader.BROADCAST, 0, address);
    }

    // ------------------------------------------------------------------ input

    /** An ARP frame from the link ({@link EthernetDemux} checked its Ethernet header). */
    void arpIn(byte[] f, int length, long nowNanos) {
        this.now = nowNanos;
        int at = EthernetHeader.LENGTH;
        if (ArpPacket.invalid(f, at, length - at) != null) {
            counters.increment(Counter.DROP_ARP_MALFORMED);
            return;
        }
        int op = ArpPacket.operation(f, at);
        int senderIp = ArpPacket.senderIp(f, at);
        long senderMac = ArpPacket.senderMac(f, at);
        boolean forUs = ArpPacket.targetIp(f, at) == address;
        if (senderIp != address && senderIp != 0 && !EthernetHeader.isGroup(senderMac)) {
            arp.learn(senderIp, senderMac, forUs, nowNanos);
        }
        if (op == ArpPacket.REQUEST) {
            counters.increment(Counter.ARP_REQUESTS_IN);
            if (forUs && senderIp != address) {
                counters.increment(Counter.ARP_REPLIES_OUT);
                sendArp(ArpPacket.REPLY, senderMac, senderMac, senderIp);
            }
        } else {
            counters.increment(Counter.ARP_REPLIES_IN);
        }
    }

    /** An IPv4 frame from the link ({@link EthernetDemux} checked its Ethernet header). */
    void ipIn(byte[] f, int length, long nowNanos) {
        this.now = nowNanos;
        int available = length - IP_AT;
        if (available >= Ipv4Header.MIN_LENGTH && (f[IP_AT] >>> 4 & 0xF) == 4 && Ipv4Header.headerLength(f, IP_AT) >= Ipv4Header.MIN_LENGTH
                && Ipv4Header.headerLength(f, IP_AT) <= available
                && !Checksum.valid(Checksum.sum(f, IP_AT, Ipv4Header.headerLength(f, IP_AT)))) {
            counters.increment(Counter.DROP_IP_BAD_CHECKSUM);
            return;
        }
        if (Ipv4Header.invalid(f, IP_AT, available) != null) {
            counters.increment(Counter.DROP_IP_MALFORMED);
            return;
        }
        int source = Ipv4Header.source(f, IP_AT);
        int destination = Ipv4Header.destination(f, IP_AT);
        if (source == Ipv4Header.BROADCAST || (source >>> 28) >= 0xE || source == address) {
            counters.increment(Counter.DROP_IP_MALFORMED); // a martian source: broadcast, multicast, reserved, ours
            return;
        }
        boolean broadcast = destination == Ipv4Header.BROADCAST || isSubnetBroadcast(destination);
        if (destination != address && !broadcast) {
            counters.increment(Counter.DROP_IP_NOT_FOR_US);
            return;
        }
        counters.increment(Counter.IP_IN);
        if (Ipv4Header.moreFragments(f, IP_AT) || Ipv4Header.fragmentOffset(f, IP_AT) > 0) {
            byte[] whole = reassembler.add(f, IP_AT, nowNanos);
            if (whole != null) {
                deliver(whole, 0, source, destination, broadcast, nowNanos);
            }
            return;
        }
        deliver(f, IP_AT, source, destination, broadcast, nowNanos);
    }

    private void deliver(byte[] f, int ipAt, int source, int destination, boolean broadcast, long nowNanos) {
        int headerLength = Ipv4Header.headerLength(f, ipAt);
        int at = ipAt + headerLength;
        int length = Ipv4Header.totalLength(f, ipAt) - headerLength;
        int protocol = Ipv4Header.protocol(f, ipAt);
        if (protocol == Ipv4Header.PROTOCOL_ICMP) {
            counters.increment(Counter.IP_DELIVERED);
            icmp.receive(f, ipAt, at, length, source, destination, broadcast, nowNanos);
            return;
        }
        Transport t = transports[protocol];
        if (t == null || (broadcast && protocol == Ipv4Header.PROTOCOL_TCP)) {
            counters.increment(Counter.DROP_IP_UNKNOWN_PROTOCOL);
            if (!broadcast) {
                icmp.unreachable(f, ipAt, io.vnetif.netstack.wire.IcmpHeader.CODE_PROTOCOL_UNREACHABLE, nowNanos);
            }
            return;
        }
        counters.increment(Counter.IP_DELIVERED);
        t.receive(f, ipAt, at, length, source, destination, nowNanos);
    }

    boolean isSubnetBroadcast(int ip) {
        return mask != -1 && ip == (address | ~mask);
    }

    // ------------------------------------------------------------------ output

    @Override
    public byte[] buffer() {
        return out;
    }

    @Override
    public int payloadOffset() {
        return PAYLOAD_AT;
    }

    @Override
    public int localAddress() {
        return address;
    }

    @Override
    public int pathMtu(int destination) {
        return pathMtu.mtu(destination, now);
    }

    boolean lowerPathMtu(int destination, int mtu, long nowNanos) {
        return pathMtu.lower(destination, mtu, nowNanos);
    }

    @Override
    public void unreachable(byte[] frame, int ipAt, int code) {
        icmp.unreachable(frame, ipAt, code, now);
    }

    /** The next hop toward {@code destination}: itself on the network, else the gateway; -1 without a route. */
    private int nextHop(int destination) {
        if (destination == Ipv4Header.BROADCAST || (destination & mask) == (address & mask)) {
            return destination;
        }
        return config.gateway() != 0 ? config.gateway() : -1;
    }

    @Override
    public boolean send(int destination, int protocol, int length, boolean dontFragment) {
        int hop = nextHop(destination);
        if (hop == -1) {
            counters.increment(Counter.DROP_IP_NO_ROUTE);
            return false;
        }
        int total = Ipv4Header.MIN_LENGTH + length;
        int mtu = pathMtu(destination);
        int id = nextId++ & 0xFFFF;
        if (total <= mtu) {
            Ipv4Header.write(out, IP_AT, total, id, dontFragment ? Ipv4Header.FLAG_DF : 0, config.ttl(), protocol, address, destination);
            counters.increment(Counter.IP_OUT);
            transmit(hop, out, IP_AT + total);
            return true;
        }
        if (dontFragment) {
            counters.increment(Counter.DROP_IP_TOO_LARGE);
            return false;
        }
        // RFC 791 fragmentation: pieces of a multiple of 8 bytes, each with its own header.
        int piece = (mtu - Ipv4Header.MIN_LENGTH) & ~7;
        for (int offset = 0; offset < length; offset += piece) {
            int n = Math.min(piece, length - offset);
            boolean more = offset + n < length;
            System.arraycopy(out, PAYLOAD_AT + offset, fragment, PAYLOAD_AT, n);
            Ipv4Header.write(fragment, IP_AT, Ipv4Header.MIN_LENGTH + n, id, (more ? Ipv4Header.FLAG_MF : 0) | offset / 8, config.ttl(),
                    protocol, address, destination);
            counters.increment(Counter.IP_FRAGMENTS_OUT);
            transmit(hop, fragment, IP_AT + Ipv4Header.MIN_LENGTH + n);
        }
        counters.increment(Counter.IP_OUT);
        return true;
    }

    /** Adds the Ethernet header for {@code hop} and sends, or holds the frame while ARP resolves the hop. */
    private void transmit(int hop, byte[] frame, int length) {
        long destinationMac = hop == Ipv4Header.BROADCAST || isSubnetBroadcast(hop) ? EthernetHeader.BROADCAST : arp.lookup(hop, now);
        EthernetHeader.write(frame, destinationMac < 0 ? 0 : destinationMac, mac, EthernetHeader.TYPE_IPV4);
        if (destinationMac < 0) {
            arp.hold(hop, frame, length, now);
            return;
        }
        counters.increment(Counter.FRAMES_OUT);
        link.transmit(frame, length);
    }

    private void sendArpRequest(int targetIp) {
        sendArp(ArpPacket.REQUEST, EthernetHeader.BROADCAST, 0, targetIp);
    }

    private void sendArp(int op, long ethernetDestination, long targetMac, int targetIp) {
        if (op == ArpPacket.REQUEST) {
            counters.increment(Counter.ARP_REQUESTS_OUT);
        }
        EthernetHeader.write(arpFrame, ethernetDestination, mac, EthernetHeader.TYPE_ARP);
        ArpPacket.write(arpFrame, EthernetHeader.LENGTH, op, mac, address, targetMac, targetIp);
        counters.increment(Counter.FRAMES_OUT);
        link.transmit(arpFrame, arpFrame.length);
    }

    // ------------------------------------------------------------------ ping

    /** Sends an echo request; {@code reply} hears of the answer. Returns its sequence number. */
    public int ping(int destination, int payload, PingReply reply, long nowNanos) {
        this.now = nowNanos;
        return icmp.ping(destination, payload, reply, nowNanos);
    }

    /** Stops waiting for an answer to ping {@code sequence}. */
    public void forgetPing(int sequence) {
        icmp.forget(sequence);
    }

    /** Moves the interface's notion of now (the stack calls it before each batch of work). */
    public void at(long nowNanos) {
        this.now = nowNanos;
    }

    public int address() {
        return address;
    }

    public int prefixLength() {
        return config.prefixLength();
    }

    public long mac() {
        return mac;
    }
}
