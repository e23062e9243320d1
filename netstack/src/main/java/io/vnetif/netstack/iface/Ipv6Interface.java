package io.vnetif.netstack.iface;

import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.ip.Ipv6Output;
import io.vnetif.netstack.ip.Ipv6Transport;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.time.TimerWheel;
import io.vnetif.netstack.wire.Bytes;
import io.vnetif.netstack.wire.EthernetHeader;
import io.vnetif.netstack.wire.IcmpHeader;
import io.vnetif.netstack.wire.Icmpv6Header;
import io.vnetif.netstack.wire.Ipv6Address;
import io.vnetif.netstack.wire.Ipv6Header;
import io.vnetif.netstack.wire.Ipv6Payload;
import io.vnetif.netstack.wire.Mld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The stack's IPv6 on the LAN, beside {@link Ipv4Interface} on the same link: a link-local address from
 * the MAC and static addresses with their prefixes, each through duplicate address detection (RFC 4862);
 * the solicited-node groups of those addresses joined and reported with MLDv2 (RFC 3810); neighbour
 * discovery with unreachability detection (RFC 4861); IPv6 in (checks, extension headers, dispatch) and out
 * (source selection, on-link or through the configured router, path MTU of RFC 8201: IPv6 is never
 * fragmented by the stack); ICMPv6 echo and errors (RFC 4443). Confined to the stack's thread.
 */
public final class Ipv6Interface implements Ipv6Output {
    /** An address of the interface with its on-link prefix. */
    public record Address(Ipv6Address address, int prefixLength) {
        public Address {
            if (prefixLength < 0 || prefixLength > 128 || address.isMulticast() || address.isUnspecified() || address.isIpv4Mapped()) {
                throw new IllegalArgumentException(address + "/" + prefixLength + " is not a unicast IPv6 address with a prefix length 0..128");
            }
        }
    }

    /**
     * How the interface is set up (RFC 4861 §10 and RFC 4862 §5.1 name the defaults: {@link #defaults}).
     *
     * @param addresses            the static addresses (the link-local one is added from the MAC)
     * @param gateway              the router for destinations off every prefix, or null for none
     * @param hopLimit             the hop limit of unicast packets sent
     * @param dadTransmits         solicitations per address for duplicate address detection (0: none)
     * @param dadDelayMax          the random delay before an address's first one is below this
     * @param retransmit           time between solicitations (RetransTimer)
     * @param reachable            how long a confirmed neighbour is reachable (BaseReachableTime, randomised ±50 %)
     * @param delayFirstProbe      DELAY_FIRST_PROBE_TIME
     * @param maxMulticastSolicit  solicitations before an address is given up
     * @param maxUnicastSolicit    probes before a neighbour is forgotten
     * @param neighborEntries      neighbour cache size
     * @param pathMtuLifetime      how long a lowered path MTU is believed
     * @param errorsPerSecond      ICMPv6 errors sent per second at most
     * @param mldReportInterval    MLD's unsolicited report interval
     */
    public record Config(List<Address> addresses, Ipv6Address gateway, int hopLimit, int dadTransmits, long dadDelayMax, long retransmit,
                         long reachable, long delayFirstProbe, int maxMulticastSolicit, int maxUnicastSolicit, int neighborEntries,
                         long pathMtuLifetime, int errorsPerSecond, long mldReportInterval) {
        public Config {
            addresses = List.copyOf(addresses);
            if (hopLimit < 1 || hopLimit > 255 || dadTransmits < 0 || maxMulticastSolicit < 1 || maxUnicastSolicit < 1 || neighborEntries < 1
                    || retransmit <= 0 || reachable <= 0) {
                throw new IllegalArgumentException("IPv6 interface settings out of range: " + this);
            }
        }

        /** The RFCs' defaults: hop limit 64, one DAD solicitation after up to 1 s, RetransTimer 1 s, ReachableTime 30 s. */
        public static Config defaults(List<Address> addresses, Ipv6Address gateway) {
            long s = 1_000_000_000L;
            return new Config(addresses, gateway, 64, 1, s, s, 30 * s, 5 * s, 3, 3, 1024, 600 * s, 100, s);
        }
    }

    /** An address and what duplicate address detection says of it, for listings. */
    public record AddressState(Ipv6Address address, int prefixLength, String state) {
    }

    private static final int IP_AT = EthernetHeader.LENGTH;
    private static final int PAYLOAD_AT = IP_AT + Ipv6Header.LENGTH;
    /** The hop-by-hop header of an MLD report: next header ICMPv6, router alert (RFC 2711, value 0: MLD), PadN. */
    private static final byte[] ROUTER_ALERT = {(byte) Ipv6Header.NEXT_ICMPV6, 0, 5, 2, 0, 0, 1, 0};

    private final Link link;
    private final Counters counters;
    private final Config config;
    private final long mac;
    private final Ipv6Address linkLocal;
    private final Ipv6Addresses addresses;
    private final NeighborCache neighbors;
    private final MulticastListener multicast;
    private final NeighborDiscovery discovery;
    private final PathMtu pathMtu;
    private final Icmpv6 icmp;
    private final RandomGenerator random;
    private final Ipv6Payload payload = new Ipv6Payload();
    /** Where outgoing packets are built: Ethernet header, IPv6 header, payload. */
    private final byte[] out;
    /** Where neighbour discovery and MLD build theirs: they may go out while a transport's packet is in {@link #out}. */
    private final byte[] control;
    private final List<Runnable> whenSettled = new ArrayList<>();
    private final Ipv6Transport[] transports = new Ipv6Transport[256];
    private long now;

    public Ipv6Interface(Link link, Counters counters, TimerWheel timers, Config config, RandomGenerator random, int pingIdentifier) {
        if (link.mtu() < Ipv6Header.MIN_MTU) {
            throw new IllegalArgumentException("IPv6 needs a link MTU of 1280 at least; this link's is " + link.mtu());
        }
        this.link = link;
        this.counters = counters;
        this.config = config;
        this.random = random;
        this.mac = link.mac();
        this.linkLocal = Ipv6Address.linkLocal(mac);
        this.out = new byte[IP_AT + link.mtu()];
        this.control = new byte[IP_AT + Ipv6Header.MIN_MTU];
        long reachable = config.reachable() / 2 + random.nextLong(config.reachable()); // RFC 4861 §6.3.2: 0.5 to 1.5 times the base
        this.neighbors = new NeighborCache(link, counters, timers, this::solicitNeighbor, new NeighborCache.Config(reachable,
                config.retransmit(), config.delayFirstProbe(), config.maxMulticastSolicit(), config.maxUnicastSolicit(),
                config.neighborEntries(), 16, 256 * 1024));
        this.addresses = new Ipv6Addresses(counters, timers, new Ipv6Addresses.Detection() {
            @Override
            public void solicit(Ipv6Address tentative) {
                discovery.solicit(tentative, null, -1);
            }

            @Override
            public void settled(Ipv6Address address, Ipv6Addresses.State state) {
                if (state == Ipv6Addresses.State.DUPLICATE) {
                    multicast.leave(address.solicitedNode(), now);
                }
                runIfSettled();
            }
        }, config.dadTransmits(), config.retransmit());
        this.multicast = new MulticastListener(counters, timers, this::sendReport, random::nextLong, config.mldReportInterval());
        this.discovery = new NeighborDiscovery(this, addresses, neighbors, counters, mac);
        this.pathMtu = new PathMtu(link.mtu(), config.pathMtuLifetime());
        this.icmp = new Icmpv6(this, counters, config.errorsPerSecond(), pingIdentifier);
    }

    /** Takes up the addresses: joins their solicited-node groups (reported) and starts detecting duplicates (RFC 4862 §5.4.2). */
    public void start(long nowNanos) {
        this.now = nowNanos;
        List<Address> all = new ArrayList<>();
        all.add(new Address(linkLocal, 64));
        all.addAll(config.addresses());
        for (Address a : all) {
            multicast.join(a.address().solicitedNode(), nowNanos);
            long delay = config.dadDelayMax() > 0 ? random.nextLong(config.dadDelayMax()) : 0;
            addresses.add(a.address(), a.prefixLength(), delay, nowNanos);
        }
    }

    /** Hands packets of {@code t}'s next header to it. */
    public void register(Ipv6Transport t) {
        transports[t.protocol()] = t;
    }

    Ipv6Transport transport(int nextHeader) {
        return transports[nextHeader & 0xFF];
    }

    /** A static neighbour: {@code ip} is at {@code neighborMac}, never asked for. */
    public void addStaticNeighbor(Ipv6Address ip, long neighborMac) {
        neighbors.putStatic(ip, neighborMac);
    }

    /** Whether frames to the group MAC {@code destinationMac} are for this interface (a group it listens to). */
    public boolean acceptsMac(long destinationMac) {
        return multicast.acceptsMac(destinationMac);
    }

    // ------------------------------------------------------------------ input

    /** An IPv6 frame from the link: {@code length} bytes at the start of {@code f}, valid during the call. */
    public void receive(byte[] f, int length, long nowNanos) {
        this.now = nowNanos;
        if (Ipv6Header.invalid(f, IP_AT, length - IP_AT) != null || Bytes.u8(f, IP_AT + Ipv6Header.SOURCE_AT) == 0xFF) {
            counters.increment(Counter.DROP_IP6_MALFORMED); // a multicast source is a martian
            return;
        }
        int destinationAt = IP_AT + Ipv6Header.DESTINATION_AT;
        boolean toGroup = Bytes.u8(f, destinationAt) == 0xFF;
        if (toGroup ? !multicast.listensAt(f, destinationAt) : !isOurs(f, destinationAt)) {
            counters.increment(Counter.DROP_IP6_NOT_FOR_US);
            return;
        }
        counters.increment(Counter.IP6_IN);
        if (payload.read(f, IP_AT) != null) {
            counters.increment(Counter.DROP_IP6_MALFORMED);
            return;
        }
        if (payload.protocol == Ipv6Header.NEXT_ICMPV6) {
            counters.increment(Counter.IP6_DELIVERED);
            icmpIn(f, payload.at, payload.length, nowNanos);
            return;
        }
        Ipv6Transport t = transports[payload.protocol];
        if (t != null && !toGroup) {
            counters.increment(Counter.IP6_DELIVERED);
            t.receive6(f, IP_AT, payload.at, payload.length, nowNanos);
            return;
        }
        counters.increment(Counter.DROP_IP6_UNKNOWN_NEXT_HEADER);
        if (!toGroup) {
            icmp.sendError(f, IP_AT, Icmpv6Header.PARAMETER_PROBLEM, Icmpv6Header.CODE_UNRECOGNIZED_NEXT_HEADER, payload.nextHeaderAt - IP_AT,
                    nowNanos);
        }
    }

    private void icmpIn(byte[] f, int at, int length, long nowNanos) {
        if (length < Icmpv6Header.LENGTH || !Icmpv6Header.checksumValid(f, IP_AT, at, length)) {
            counters.increment(Counter.DROP_ICMP6_MALFORMED);
            return;
        }
        counters.increment(Counter.ICMP6_IN);
        int type = IcmpHeader.type(f, at);
        if (NeighborDiscovery.handles(type)) {
            discovery.receive(f, IP_AT, at, length, nowNanos);
        } else if (type == Icmpv6Header.MLD_QUERY) {
            mldQuery(f, at, length, nowNanos);
        } else if (type != Icmpv6Header.MLDV1_REPORT && type != Icmpv6Header.MLDV2_REPORT && type != Icmpv6Header.MLDV1_DONE) {
            icmp.receive(f, IP_AT, at, length, nowNanos); // other listeners' reports are a router's business
        }
    }

    private void mldQuery(byte[] f, int at, int length, long nowNanos) {
        // RFC 3810 §5.1.14, §6.2: hop limit 1 and a link-local source, or the query is not from this link's router.
        if (Ipv6Header.hopLimit(f, IP_AT) != 1 || !Ipv6Address.read(f, IP_AT + Ipv6Header.SOURCE_AT).isLinkLocal()
                || Mld.invalidQuery(f, at, length) != null) {
            counters.increment(Counter.DROP_MLD_INVALID);
            return;
        }
        multicast.query(Mld.queryGroup(f, at), Mld.maxResponseMillis(f, at) * 1_000_000L, nowNanos);
    }

    /** Whether the 16 bytes at {@code at} are a preferred address of ours (tentative ones take no packets, RFC 4862 §5.4). */
    boolean isOurs(byte[] f, int at) {
        Ipv6Addresses.Assigned a = addresses.findAt(f, at);
        return a != null && a.state == Ipv6Addresses.State.PREFERRED;
    }

    // ------------------------------------------------------------------ output

    @Override
    public byte[] buffer() {
        return out;
    }

    byte[] controlBuffer() {
        return control;
    }

    @Override
    public int payloadOffset() {
        return PAYLOAD_AT;
    }

    /** The source for a packet to {@code destination}, or null when no address of the right scope is preferred yet. */
    @Override
    public Ipv6Address sourceFor(Ipv6Address destination) {
        return addresses.sourceFor(destination);
    }

    /** The largest packet that reaches {@code destination} as far as the stack knows. */
    @Override
    public int pathMtu(Ipv6Address destination) {
        return pathMtu.mtu(destination, now);
    }

    @Override
    public void unreachable(byte[] frame, int ipAt, int code) {
        icmp.sendError(frame, ipAt, Icmpv6Header.DESTINATION_UNREACHABLE, code, 0, now);
    }

    boolean lowerPathMtu(Ipv6Address destination, long reported, long nowNanos) {
        return pathMtu.lower(destination, reported, nowNanos);
    }

    /** Sends the {@code length} bytes at {@link #payloadOffset()} of {@link #buffer()}; false (counted) when they could not go. */
    @Override
    public boolean send(Ipv6Address source, Ipv6Address destination, int nextHeader, int length) {
        return emit(out, source, destination, nextHeader, length, destination.isMulticast() ? 1 : config.hopLimit(), -1);
    }

    /** Sends a neighbour discovery or MLD packet built in {@link #controlBuffer()}. */
    void sendControl(Ipv6Address source, Ipv6Address destination, int nextHeader, int length, int hopLimit) {
        emit(control, source, destination, nextHeader, length, hopLimit, -1);
    }

    /** Sends a packet built in {@link #controlBuffer()} to a MAC known already (solicitations: nothing to resolve). */
    void sendControlTo(Ipv6Address source, Ipv6Address destination, int nextHeader, int length, int hopLimit, long destinationMac) {
        emit(control, source, destination, nextHeader, length, hopLimit, destinationMac);
    }

    private boolean emit(byte[] frame, Ipv6Address source, Ipv6Address destination, int nextHeader, int length, int hopLimit, long knownMac) {
        int total = Ipv6Header.LENGTH + length;
        if (total > pathMtu(destination)) {
            counters.increment(Counter.DROP_IP6_TOO_LARGE);
            return false;
        }
        long destinationMac = knownMac;
        Ipv6Address hop = destination;
        if (destinationMac < 0 && destination.isMulticast()) {
            destinationMac = destination.multicastMac();
        } else if (destinationMac < 0) {
            hop = addresses.onLink(destination) ? destination : config.gateway();
            if (hop == null) {
                counters.increment(Counter.DROP_IP6_NO_ROUTE);
                return false;
            }
            destinationMac = neighbors.lookup(hop, now);
        }
        Ipv6Header.write(frame, IP_AT, length, nextHeader, hopLimit, source, destination);
        EthernetHeader.write(frame, Math.max(destinationMac, 0), mac, EthernetHeader.TYPE_IPV6);
        counters.increment(Counter.IP6_OUT);
        if (destinationMac < 0) {
            neighbors.hold(hop, frame, IP_AT + total, now);
            return true;
        }
        counters.increment(Counter.FRAMES_OUT);
        link.transmit(frame, IP_AT + total);
        return true;
    }

    private void solicitNeighbor(Ipv6Address target, long unicastMac) {
        Ipv6Address source = addresses.sourceFor(target);
        if (source == null) {
            counters.increment(Counter.DROP_IP6_NO_SOURCE);
            return;
        }
        discovery.solicit(target, source, unicastMac);
    }

    /** An MLDv2 report: from the link-local address, or :: while it is tentative (RFC 3810 §5.2.13), hop limit 1, router alert. */
    private void sendReport(int recordType, List<Ipv6Address> groups) {
        Ipv6Addresses.Assigned ll = addresses.find(linkLocal);
        Ipv6Address source = ll != null && ll.state == Ipv6Addresses.State.PREFERRED ? linkLocal : Ipv6Address.UNSPECIFIED;
        int at = PAYLOAD_AT + ROUTER_ALERT.length;
        System.arraycopy(ROUTER_ALERT, 0, control, PAYLOAD_AT, ROUTER_ALERT.length);
        int length = Mld.writeReport(control, at, recordType, groups);
        Icmpv6Header.write(control, at, Icmpv6Header.MLDV2_REPORT, 0, Bytes.i32(control, at + 4), length, source, Ipv6Address.MLDV2_ROUTERS);
        sendControl(source, Ipv6Address.MLDV2_ROUTERS, Ipv6Header.NEXT_HOP_BY_HOP, ROUTER_ALERT.length + length, 1);
    }

    // ------------------------------------------------------------------ ping, listings

    /**
     * Sends an echo request to {@code destination}; {@code reply} hears of the answer. Returns its sequence number.
     *
     * @throws IllegalStateException when no address may be the source yet (duplicate address detection runs)
     */
    public int ping(Ipv6Address destination, int payloadBytes, PingReply reply, long nowNanos) {
        this.now = nowNanos;
        Ipv6Address source = addresses.sourceFor(destination);
        if (source == null) {
            counters.increment(Counter.DROP_IP6_NO_SOURCE);
            throw new IllegalStateException("no IPv6 address of this stack may reach " + destination + " yet: "
                    + "duplicate address detection has not finished, or found every address in use");
        }
        return icmp.ping(source, destination, payloadBytes, reply, nowNanos);
    }

    public void forgetPing(int sequence) {
        icmp.forget(sequence);
    }

    /** Moves the interface's notion of now (the stack calls it before each batch of work). */
    public void at(long nowNanos) {
        this.now = nowNanos;
    }

    /** The neighbour cache now: address to MAC (-1 while resolving). */
    public Map<Ipv6Address, Long> neighbors() {
        return neighbors.snapshot();
    }

    /** The RFC 4861 state of {@code ip}'s neighbour entry, or null without one. */
    public String neighborState(Ipv6Address ip) {
        NeighborCache.State s = neighbors.state(ip);
        return s == null ? null : s.name();
    }

    /** Every address (the link-local first) with its state: TENTATIVE, PREFERRED or DUPLICATE. */
    public List<AddressState> addresses() {
        List<AddressState> list = new ArrayList<>();
        for (Ipv6Addresses.Assigned a : addresses.all()) {
            list.add(new AddressState(a.address, a.prefixLength, a.state.name()));
        }
        return list;
    }

    /** Whether duplicate address detection has finished for every address. */
    public boolean settled() {
        for (Ipv6Addresses.Assigned a : addresses.all()) {
            if (a.state == Ipv6Addresses.State.TENTATIVE) {
                return false;
            }
        }
        return true;
    }

    /** Runs {@code action} (on the stack's thread) once duplicate address detection has finished for every address: now, if it has. */
    public void whenSettled(Runnable action) {
        whenSettled.add(action);
        runIfSettled();
    }

    private void runIfSettled() {
        if (settled() && !whenSettled.isEmpty()) {
            List<Runnable> due = new ArrayList<>(whenSettled);
            whenSettled.clear();
            due.forEach(Runnable::run);
        }
    }

    /** The groups listened to. */
    public List<Ipv6Address> groups() {
        return multicast.groups();
    }

    public Ipv6Address linkLocal() {
        return linkLocal;
    }

    public long mac() {
        return mac;
    }
}
