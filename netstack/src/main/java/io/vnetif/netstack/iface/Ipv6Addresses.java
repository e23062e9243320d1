package io.vnetif.netstack.iface;

import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.time.TimerWheel;
import io.vnetif.netstack.wire.Ipv6Address;
import java.util.ArrayList;
import java.util.List;

/**
 * The interface's IPv6 addresses and their duplicate address detection (RFC 4862 §5.4): each starts
 * TENTATIVE (packets to it are not taken, it is no source), is announced by {@code transmits} solicitations
 * from :: to its solicited-node group, {@code retransmit} apart, after a random delay; unchallenged until
 * the last wait ends it becomes PREFERRED. Another node's solicitation or advertisement for it meanwhile
 * makes it DUPLICATE: never used, counted, reported. Also picks the source address for a destination
 * (RFC 6724 in short: same scope, then the longest matching prefix). Confined to the stack's thread.
 */
final class Ipv6Addresses {
    /** What duplicate address detection decided, or is deciding. */
    enum State { TENTATIVE, PREFERRED, DUPLICATE }

    /** What the interface does for detection: solicit, and hear of each outcome. */
    interface Detection {
        void solicit(Ipv6Address tentative);

        void settled(Ipv6Address address, State state);
    }

    /** One address of the interface, with its prefix (link-local: /64) and detection state. */
    final class Assigned extends TimerWheel.Timer {
        final Ipv6Address address;
        final int prefixLength;
        State state = State.TENTATIVE;
        int sent;

        Assigned(Ipv6Address address, int prefixLength) {
            this.address = address;
            this.prefixLength = prefixLength;
        }

        @Override
        protected void expired(long nowNanos) {
            if (state != State.TENTATIVE) {
                return;
            }
            if (sent >= transmits) {
                state = State.PREFERRED;
                detection.settled(address, state);
                return;
            }
            sent++;
            detection.solicit(address);
            timers.schedule(this, nowNanos + retransmitNanos);
        }
    }

    private final List<Assigned> assigned = new ArrayList<>();
    private final Counters counters;
    private final TimerWheel timers;
    private final Detection detection;
    private final int transmits;
    private final long retransmitNanos;

    /**
     * @param transmits       solicitations per address (RFC 4862's DupAddrDetectTransmits; 0: no detection)
     * @param retransmitNanos time between them, and after the last (RetransTimer)
     */
    Ipv6Addresses(Counters counters, TimerWheel timers, Detection detection, int transmits, long retransmitNanos) {
        this.counters = counters;
        this.timers = timers;
        this.detection = detection;
        this.transmits = transmits;
        this.retransmitNanos = retransmitNanos;
    }

    /** Adds an address and starts its detection after {@code delay} (RFC 4862 §5.4.2's random delay, chosen by the caller). */
    Assigned add(Ipv6Address address, int prefixLength, long delayNanos, long nowNanos) {
        Assigned a = new Assigned(address, prefixLength);
        assigned.add(a);
        if (transmits == 0) {
            a.state = State.PREFERRED;
            detection.settled(address, a.state);
        } else {
            timers.schedule(a, nowNanos + delayNanos);
        }
        return a;
    }

    /** The entry of {@code address} (any state), or null when it is none of ours. */
    Assigned find(Ipv6Address address) {
        for (Assigned a : assigned) {
            if (a.address.equals(address)) {
                return a;
            }
        }
        return null;
    }

    /** The entry of the address whose 16 bytes are at {@code at} (any state), or null: no allocation per packet. */
    Assigned findAt(byte[] f, int at) {
        for (Assigned a : assigned) {
            if (a.address.isAt(f, at)) {
                return a;
            }
        }
        return null;
    }

    /** Another node uses {@code a}, found while it was tentative (RFC 4862 §5.4.3, §5.4.4): it is never used. */
    void duplicate(Assigned a) {
        if (a.state != State.TENTATIVE) {
            return;
        }
        a.state = State.DUPLICATE;
        timers.cancel(a);
        counters.increment(Counter.NDP_DUPLICATE_ADDRESSES);
        detection.settled(a.address, a.state);
    }

    /** Whether {@code destination} is on a link prefix of ours (link-local, or one of our prefixes): then it is its own next hop. */
    boolean onLink(Ipv6Address destination) {
        if (destination.isLinkLocal() || destination.isMulticast()) {
            return true;
        }
        for (Assigned a : assigned) {
            if (!a.address.isLinkLocal() && a.address.samePrefix(destination, a.prefixLength)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The source for a packet to {@code destination}: a preferred address of the same scope (link-local for
     * link-local and link-scope multicast destinations), the longest prefix match among them; null when none
     * is preferred yet (or all were duplicates).
     */
    Ipv6Address sourceFor(Ipv6Address destination) {
        boolean linkScope = destination.isLinkLocal() || destination.isMulticast() && (destination.high() >>> 48 & 0xF) <= 2;
        Assigned best = null;
        int bestMatch = -1;
        for (Assigned a : assigned) {
            if (a.state != State.PREFERRED || a.address.isLinkLocal() != linkScope) {
                continue;
            }
            int match = commonPrefix(a.address, destination);
            if (match > bestMatch) {
                best = a;
                bestMatch = match;
            }
        }
        return best == null ? null : best.address;
    }

    private static int commonPrefix(Ipv6Address a, Ipv6Address b) {
        long hi = a.high() ^ b.high();
        return hi != 0 ? Long.numberOfLeadingZeros(hi) : 64 + Long.numberOfLeadingZeros(a.low() ^ b.low());
    }

    /** Every address with its state, in the order added. */
    List<Assigned> all() {
        return assigned;
    }
}
