package io.vnetif.netstack.iface;

import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.wire.EthernetHeader;
import io.vnetif.netstack.wire.IcmpHeader;
import io.vnetif.netstack.wire.Icmpv6Header;
import io.vnetif.netstack.wire.Ipv6Address;
import io.vnetif.netstack.wire.Ipv6Header;
import io.vnetif.netstack.wire.NdpMessage;
import io.vnetif.netstack.wire.NdpOptions;

/**
 * Neighbour discovery's messages in (RFC 4861 §7.1 checks, then §7.2.3 and §7.2.5) and out: solicitations
 * are answered for our addresses and teach the cache their sender; advertisements resolve and confirm
 * neighbours; either, about an address still tentative, ends its detection as a duplicate (RFC 4862
 * §5.4.3, §5.4.4). Router messages are counted and not acted on: addresses are static, the default router is
 * configured. Confined to the stack's thread.
 */
final class NeighborDiscovery {
    private final Ipv6Interface ip;
    private final Ipv6Addresses addresses;
    private final NeighborCache neighbors;
    private final Counters counters;
    private final long mac;
    private final NdpOptions options = new NdpOptions();

    NeighborDiscovery(Ipv6Interface ip, Ipv6Addresses addresses, NeighborCache neighbors, Counters counters, long mac) {
        this.ip = ip;
        this.addresses = addresses;
        this.neighbors = neighbors;
        this.counters = counters;
        this.mac = mac;
    }

    /** Whether ICMPv6 {@code type} is neighbour discovery's. */
    static boolean handles(int type) {
        return type >= Icmpv6Header.ROUTER_SOLICITATION && type <= Icmpv6Header.REDIRECT;
    }

    /** A message whose checksum was checked, its IPv6 header at {@code ipAt}. */
    void receive(byte[] f, int ipAt, int at, int length, long nowNanos) {
        int type = IcmpHeader.type(f, at);
        // §7.1: a hop limit of 255 proves the sender is on the link (a router would have decremented it).
        String wrong = Ipv6Header.hopLimit(f, ipAt) != 255 ? "hop limit is not 255" : NdpMessage.invalid(f, at, length, options);
        if (wrong == null && type == Icmpv6Header.REDIRECT) {
            wrong = "redirects are not taken (no routers but the configured one)";
        }
        if (wrong != null) {
            counters.increment(Counter.DROP_NDP_INVALID);
            return;
        }
        switch (type) {
            case Icmpv6Header.NEIGHBOR_SOLICITATION -> solicitation(f, ipAt, at, nowNanos);
            case Icmpv6Header.NEIGHBOR_ADVERTISEMENT -> advertisement(f, ipAt, at, nowNanos);
            default -> counters.increment(Counter.NDP_ROUTER_MESSAGES_IN);
        }
    }

    private void solicitation(byte[] f, int ipAt, int at, long nowNanos) {
        counters.increment(Counter.NDP_SOLICITATIONS_IN);
        Ipv6Address source = Ipv6Address.read(f, ipAt + Ipv6Header.SOURCE_AT);
        Ipv6Address target = NdpMessage.target(f, at);
        boolean fromUnspecified = source.isUnspecified();
        if (fromUnspecified && (options.sourceMac >= 0
                || !target.solicitedNode().isAt(f, ipAt + Ipv6Header.DESTINATION_AT))) {
            counters.increment(Counter.DROP_NDP_INVALID); // §7.1.1: DAD's solicitations go to the solicited-node group, with no address
            return;
        }
        Ipv6Addresses.Assigned ours = addresses.find(target);
        if (ours == null || ours.state == Ipv6Addresses.State.DUPLICATE) {
            return; // another node's address whose group shares our low 24 bits
        }
        if (ours.state == Ipv6Addresses.State.TENTATIVE) {
            // RFC 4862 §5.4.3: another node's detection for the same address (ours looped back would come from our MAC).
            if (fromUnspecified && EthernetHeader.source(f) != mac) {
                addresses.duplicate(ours);
            }
            return;
        }
        if (!fromUnspecified && options.sourceMac >= 0) {
            neighbors.solicitedBy(source, options.sourceMac, nowNanos);
        }
        // §7.2.4: solicited and override; to all nodes when the asker has no address yet (its own DAD).
        Ipv6Address to = fromUnspecified ? Ipv6Address.ALL_NODES : source;
        advertise(target, to, fromUnspecified ? NdpMessage.NA_OVERRIDE : NdpMessage.NA_SOLICITED | NdpMessage.NA_OVERRIDE);
    }

    private void advertisement(byte[] f, int ipAt, int at, long nowNanos) {
        counters.increment(Counter.NDP_ADVERTISEMENTS_IN);
        int flags = NdpMessage.advertisementFlags(f, at);
        boolean solicited = (flags & NdpMessage.NA_SOLICITED) != 0;
        if (solicited && Ipv6Address.read(f, ipAt + Ipv6Header.DESTINATION_AT).isMulticast()) {
            counters.increment(Counter.DROP_NDP_INVALID); // §7.1.2: a solicited advertisement is unicast
            return;
        }
        Ipv6Address target = NdpMessage.target(f, at);
        Ipv6Addresses.Assigned ours = addresses.find(target);
        if (ours != null) {
            if (ours.state == Ipv6Addresses.State.TENTATIVE) {
                addresses.duplicate(ours); // RFC 4862 §5.4.4: the address is someone else's
            } else if (ours.state == Ipv6Addresses.State.PREFERRED && EthernetHeader.source(f) != mac) {
                counters.increment(Counter.NDP_ADDRESS_CONFLICTS); // too late for detection: counted, as Linux logs it
            }
            return;
        }
        neighbors.advertised(target, options.targetMac, solicited, (flags & NdpMessage.NA_OVERRIDE) != 0, nowNanos);
    }

    /** Sends an advertisement of our {@code target} to {@code to}. */
    void advertise(Ipv6Address target, Ipv6Address to, int flags) {
        byte[] out = ip.controlBuffer();
        int o = ip.payloadOffset();
        int length = NdpMessage.writeAdvertisement(out, o, target, flags, mac);
        Icmpv6Header.write(out, o, Icmpv6Header.NEIGHBOR_ADVERTISEMENT, 0, flags << 24, length, target, to);
        counters.increment(Counter.NDP_ADVERTISEMENTS_OUT);
        ip.sendControl(target, to, Ipv6Header.NEXT_ICMPV6, length, 255);
    }

    /**
     * Sends a solicitation for {@code target}: to its solicited-node group, or unicast to {@code unicastMac}
     * (a reachability probe); from :: for duplicate address detection ({@code source} null).
     */
    void solicit(Ipv6Address target, Ipv6Address source, long unicastMac) {
        Ipv6Address from = source == null ? Ipv6Address.UNSPECIFIED : source;
        Ipv6Address to = unicastMac >= 0 ? target : target.solicitedNode();
        byte[] out = ip.controlBuffer();
        int o = ip.payloadOffset();
        int length = NdpMessage.writeSolicitation(out, o, target, source == null ? -1 : mac);
        Icmpv6Header.write(out, o, Icmpv6Header.NEIGHBOR_SOLICITATION, 0, 0, length, from, to);
        counters.increment(Counter.NDP_SOLICITATIONS_OUT);
        ip.sendControlTo(from, to, Ipv6Header.NEXT_ICMPV6, length, 255, unicastMac >= 0 ? unicastMac : to.multicastMac());
    }
}
