package io.vnetif.netstack.iface;

import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.wire.EthernetHeader;

/**
 * Ethernet in: which frames are this station's (its MAC, broadcast, the IPv6 groups it listens to) and
 * which protocol takes each (ARP and IPv4 to {@link Ipv4Interface}, IPv6 to {@link Ipv6Interface}, if the
 * stack speaks it). Confined to the stack's thread.
 */
public final class EthernetDemux {
    private final Counters counters;
    private final long mac;
    private final Ipv4Interface ipv4;
    private final Ipv6Interface ipv6;

    /** @param ipv6 null for a stack without IPv6 */
    public EthernetDemux(Counters counters, Ipv4Interface ipv4, Ipv6Interface ipv6) {
        this.counters = counters;
        this.mac = ipv4.mac();
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    /** A frame from the link: {@code length} bytes at the start of {@code f}, valid during the call. */
    public void receive(byte[] f, int length, long nowNanos) {
        counters.increment(Counter.FRAMES_IN);
        if (length < EthernetHeader.LENGTH) {
            counters.increment(Counter.DROP_ETHERNET_MALFORMED);
            return;
        }
        long destination = EthernetHeader.destination(f);
        if (destination != mac && destination != EthernetHeader.BROADCAST && (ipv6 == null || !ipv6.acceptsMac(destination))) {
            counters.increment(Counter.DROP_ETHERNET_NOT_FOR_US); // other stations' unicast, multicast we did not join
            return;
        }
        int type = EthernetHeader.type(f);
        if (type == EthernetHeader.TYPE_ARP) {
            ipv4.arpIn(f, length, nowNanos);
        } else if (type == EthernetHeader.TYPE_IPV4) {
            ipv4.ipIn(f, length, nowNanos);
        } else if (type == EthernetHeader.TYPE_IPV6 && ipv6 != null) {
            ipv6.receive(f, length, nowNanos);
        } else {
            counters.increment(Counter.DROP_ETHERNET_UNKNOWN_TYPE);
        }
    }
}
