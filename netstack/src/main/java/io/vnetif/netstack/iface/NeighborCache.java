package io.vnetif.netstack.iface;

import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.time.TimerWheel;
import io.vnetif.netstack.wire.Ipv6Address;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The IPv6 neighbour cache of RFC 4861 §7.3: address to MAC with the reachability state of each neighbour.
 * <ul>
 * <li>INCOMPLETE: asked (multicast solicitations every {@code retransmit}, {@code maxMulticastSolicit} of
 *     them); packets wait in a bounded queue and are dropped, counted, when nobody answers.
 * <li>REACHABLE: confirmed by a solicited advertisement within {@code reachableTime}.
 * <li>STALE: learned unsolicited, or reachable too long ago; still used, and the first packet sent moves it to
 * <li>DELAY: for {@code delayFirstProbe}, in case the upper layer confirms; then
 * <li>PROBE: unicast solicitations every {@code retransmit}; {@code maxUnicastSolicit} unanswered ones forget it.
 * </ul>
 * At most {@code maxEntries} neighbours (the stalest without waiting packets gives way); static entries stay.
 * Confined to the stack's thread.
 */
final class NeighborCache {
    /** The states of RFC 4861 §7.3.2, as listings show them. */
    enum State { INCOMPLETE, REACHABLE, STALE, DELAY, PROBE, PERMANENT }

    /** How a solicitation leaves: multicast to the target's solicited-node group, or unicast to {@code mac}. */
    interface Solicitor {
        void solicit(Ipv6Address target, long unicastMac);
    }

    /**
     * @param reachableNanos      how long a confirmation holds (RFC 4861's ReachableTime, randomised by the caller)
     * @param retransmitNanos     time between solicitations (RetransTimer)
     * @param delayFirstProbeNanos DELAY's length (DELAY_FIRST_PROBE_TIME)
     * @param maxMulticastSolicit solicitations before an address is given up
     * @param maxUnicastSolicit   probes before a neighbour is forgotten
     * @param maxEntries          cache size
     * @param maxPendingPerEntry  packets that may wait for one address
     * @param maxPendingBytes     bytes that may wait for all addresses together
     */
    record Config(long reachableNanos, long retransmitNanos, long delayFirstProbeNanos, int maxMulticastSolicit, int maxUnicastSolicit,
                  int maxEntries, int maxPendingPerEntry, int maxPendingBytes) {
    }

    private final class Entry extends TimerWheel.Timer {
        final Ipv6Address ip;
        State state = State.INCOMPLETE;
        long mac = -1;
        int solicitations;
        long changedNanos;
        final ArrayDeque<byte[]> pending = new ArrayDeque<>();

        Entry(Ipv6Address ip) {
            this.ip = ip;
        }

        @Override
        protected void expired(long nowNanos) {
            switch (state) {
                case INCOMPLETE -> {
                    if (solicitations >= config.maxMulticastSolicit) {
                        held.drop(pending, Counter.DROP_NDP_UNRESOLVED);
                        entries.remove(ip);
                    } else {
                        solicit(this, -1, nowNanos);
                    }
                }
                case REACHABLE -> enter(this, State.STALE, nowNanos);
                case DELAY -> {
                    enter(this, State.PROBE, nowNanos);
                    solicitations = 0;
                    solicit(this, mac, nowNanos);
                }
                case PROBE -> {
                    if (solicitations >= config.maxUnicastSolicit) {
                        counters.increment(Counter.NDP_NEIGHBORS_UNREACHABLE);
                        entries.remove(ip);
                    } else {
                        solicit(this, mac, nowNanos);
                    }
                }
                default -> {
                    // STALE and PERMANENT wait for nothing
                }
            }
        }
    }

    private final HashMap<Ipv6Address, Entry> entries = new HashMap<>();
    private final Counters counters;
    private final TimerWheel timers;
    private final Solicitor solicitor;
    private final Config config;
    private final HeldFrames held;

    NeighborCache(Link link, Counters counters, TimerWheel timers, Solicitor solicitor, Config config) {
        this.counters = counters;
        this.held = new HeldFrames(link, counters, Counter.DROP_NDP_QUEUE_FULL, config.maxPendingPerEntry, config.maxPendingBytes);
        this.timers = timers;
        this.solicitor = solicitor;
        this.config = config;
    }

    private void enter(Entry e, State state, long nowNanos) {
        e.state = state;
        e.changedNanos = nowNanos;
        timers.cancel(e);
        switch (state) {
            case REACHABLE -> timers.schedule(e, nowNanos + config.reachableNanos);
            case DELAY -> timers.schedule(e, nowNanos + config.delayFirstProbeNanos);
            default -> {
                // INCOMPLETE and PROBE schedule with their solicitations; STALE and PERMANENT wait for nothing
            }
        }
    }

    private void solicit(Entry e, long unicastMac, long nowNanos) {
        e.solicitations++;
        solicitor.solicit(e.ip, unicastMac);
        timers.schedule(e, nowNanos + config.retransmitNanos);
    }

    /** A static entry: always reachable, never evicted. */
    void putStatic(Ipv6Address ip, long mac) {
        Entry e = entries.computeIfAbsent(ip, Entry::new);
        e.mac = mac;
        e.state = State.PERMANENT;
        timers.cancel(e);
    }

    /**
     * The MAC to send a packet to {@code ip} to now, or -1 when it must wait ({@link #hold}). Sending to a
     * STALE neighbour starts the wait for a confirmation (§7.3.3: STALE to DELAY).
     */
    long lookup(Ipv6Address ip, long nowNanos) {
        Entry e = entries.get(ip);
        if (e == null || e.state == State.INCOMPLETE) {
            return -1;
        }
        if (e.state == State.STALE) {
            enter(e, State.DELAY, nowNanos);
        }
        return e.mac;
    }

    /** Holds a copy of the frame (its destination MAC to fill in) until {@code ip} resolves, soliciting it if nobody asks yet. */
    void hold(Ipv6Address ip, byte[] frame, int length, long nowNanos) {
        Entry e = entries.get(ip);
        if (e == null) {
            if (entries.size() >= config.maxEntries && !evictStalest()) {
                counters.increment(Counter.DROP_NDP_QUEUE_FULL);
                return;
            }
            e = new Entry(ip);
            entries.put(ip, e);
        }
        held.hold(e.pending, frame, length);
        if (!e.isScheduled()) {
            e.solicitations = 0;
            solicit(e, -1, nowNanos);
        }
    }

    /**
     * A solicitation from {@code ip} carried its link-layer address (§7.2.3): a new neighbour is STALE, a
     * changed address makes it STALE, an INCOMPLETE one is resolved (STALE) and its packets go.
     */
    void solicitedBy(Ipv6Address ip, long mac, long nowNanos) {
        Entry e = entries.get(ip);
        if (e == null) {
            if (entries.size() >= config.maxEntries && !evictStalest()) {
                return;
            }
            e = new Entry(ip);
            entries.put(ip, e);
        }
        if (e.state == State.PERMANENT || e.mac == mac && e.state != State.INCOMPLETE) {
            return;
        }
        e.mac = mac;
        enter(e, State.STALE, nowNanos);
        release(e);
    }

    /**
     * An advertisement for {@code ip} (§7.2.5): {@code mac} its target link-layer address or -1,
     * {@code solicited} and {@code override} its flags. Only a neighbour in the cache is changed.
     */
    void advertised(Ipv6Address ip, long mac, boolean solicited, boolean override, long nowNanos) {
        Entry e = entries.get(ip);
        if (e == null || e.state == State.PERMANENT) {
            return;
        }
        if (e.state == State.INCOMPLETE) {
            if (mac < 0) {
                return;
            }
            e.mac = mac;
            enter(e, solicited ? State.REACHABLE : State.STALE, nowNanos);
            release(e);
            return;
        }
        boolean changed = mac >= 0 && mac != e.mac;
        if (!override && changed) {
            if (e.state == State.REACHABLE) {
                enter(e, State.STALE, nowNanos); // another MAC claims it, without authority: doubt, do not switch
            }
            return;
        }
        if (changed) {
            e.mac = mac;
        }
        if (solicited) {
            enter(e, State.REACHABLE, nowNanos);
        } else if (changed) {
            enter(e, State.STALE, nowNanos);
        }
    }

    private void release(Entry e) {
        held.release(e.pending, e.mac);
    }

    /** Makes room: the dynamic entry unchanged for longest, without packets waiting, goes. */
    private boolean evictStalest() {
        Entry stalest = null;
        for (Entry e : entries.values()) {
            if (e.state != State.PERMANENT && e.pending.isEmpty() && (stalest == null || e.changedNanos - stalest.changedNanos < 0)) {
                stalest = e;
            }
        }
        if (stalest == null) {
            return false;
        }
        timers.cancel(stalest);
        entries.remove(stalest.ip);
        return true;
    }

    /** The state of {@code ip}'s entry, or null without one. */
    State state(Ipv6Address ip) {
        Entry e = entries.get(ip);
        return e == null ? null : e.state;
    }

    /** The entries now, for listings: address to MAC (-1: resolving), in address order. */
    Map<Ipv6Address, Long> snapshot() {
        Map<Ipv6Address, Long> out = new TreeMap<>((a, b) -> a.high() != b.high() ? Long.compareUnsigned(a.high(), b.high())
                : Long.compareUnsigned(a.low(), b.low()));
        for (Entry e : entries.values()) {
            out.put(e.ip, e.mac);
        }
        return out;
    }
}
