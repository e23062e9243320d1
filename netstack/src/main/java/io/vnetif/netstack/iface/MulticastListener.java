package io.vnetif.netstack.iface;

import io.netty.util.collection.LongObjectHashMap;
import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.time.TimerWheel;
import io.vnetif.netstack.wire.Ipv6Address;
import io.vnetif.netstack.wire.Mld;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * The groups the interface listens to, as an MLDv2 listener (RFC 3810 §6) tells them: a join (or leave) is
 * reported at once and once more after a random part of the unsolicited report interval (the robustness
 * variable is 2), so a snooping switch or a Linux bridge learns where the group's frames must go; a query
 * is answered after a random part of its maximum response delay with the state of every group (a
 * group-specific query, too: one report then covers all). ff02::1 is listened to and never reported
 * (§6). Also the Ethernet filter: which multicast MACs are ours. Confined to the stack's thread.
 */
final class MulticastListener {
    /** How a report leaves (the interface builds the packet: source, hop limit 1, router alert). */
    interface Reporter {
        void report(int recordType, List<Ipv6Address> groups);
    }

    private final class Pending extends TimerWheel.Timer {
        /** The record type of the report due, with its groups; current-state answers to queries are MODE_IS_EXCLUDE. */
        final Map<Ipv6Address, Integer> changes = new LinkedHashMap<>();
        boolean queryAnswer;

        @Override
        protected void expired(long nowNanos) {
            if (queryAnswer) {
                queryAnswer = false;
                List<Ipv6Address> all = new ArrayList<>(groups.keySet());
                all.remove(Ipv6Address.ALL_NODES);
                if (!all.isEmpty()) {
                    send(Mld.MODE_IS_EXCLUDE, all);
                }
            }
            Map<Integer, List<Ipv6Address>> byType = new LinkedHashMap<>();
            changes.forEach((g, type) -> byType.computeIfAbsent(type, t -> new ArrayList<>()).add(g));
            changes.clear();
            byType.forEach(MulticastListener.this::send);
        }
    }

    private final Map<Ipv6Address, Integer> groups = new LinkedHashMap<>();
    private final LongObjectHashMap<Integer> macs = new LongObjectHashMap<>();
    private final Counters counters;
    private final TimerWheel timers;
    private final Reporter reporter;
    private final LongUnaryOperator random;
    private final long unsolicitedIntervalNanos;
    private final Pending pending = new Pending();

    /**
     * @param random                   a random long in [0, bound) for a bound
     * @param unsolicitedIntervalNanos RFC 3810's Unsolicited Report Interval (1 s)
     */
    MulticastListener(Counters counters, TimerWheel timers, Reporter reporter, LongUnaryOperator random, long unsolicitedIntervalNanos) {
        this.counters = counters;
        this.timers = timers;
        this.reporter = reporter;
        this.random = random;
        this.unsolicitedIntervalNanos = unsolicitedIntervalNanos;
        addMac(Ipv6Address.ALL_NODES.multicastMac());
        groups.put(Ipv6Address.ALL_NODES, 1);
    }

    private void addMac(long mac) {
        Integer n = macs.get(mac);
        macs.put(mac, Integer.valueOf(n == null ? 1 : n + 1));
    }

    private void removeMac(long mac) {
        Integer n = macs.get(mac);
        if (n == null || n == 1) {
            macs.remove(mac);
        } else {
            macs.put(mac, Integer.valueOf(n - 1));
        }
    }

    /** Joins {@code group} (counted: joined as often as left); a first join is reported, now and once more. */
    void join(Ipv6Address group, long nowNanos) {
        Integer n = groups.get(group);
        groups.put(group, n == null ? 1 : n + 1);
        if (n == null) {
            addMac(group.multicastMac());
            changed(group, Mld.CHANGE_TO_EXCLUDE, nowNanos);
        }
    }

    /** Leaves {@code group}; the last leave is reported, now and once more. */
    void leave(Ipv6Address group, long nowNanos) {
        Integer n = groups.get(group);
        if (n == null || group.equals(Ipv6Address.ALL_NODES)) {
            return;
        }
        if (n > 1) {
            groups.put(group, n - 1);
            return;
        }
        groups.remove(group);
        removeMac(group.multicastMac());
        changed(group, Mld.CHANGE_TO_INCLUDE, nowNanos);
    }

    private void changed(Ipv6Address group, int recordType, long nowNanos) {
        send(recordType, List.of(group));
        pending.changes.put(group, recordType);
        long at = nowNanos + random.applyAsLong(unsolicitedIntervalNanos);
        if (!pending.isScheduled() || at - pending.deadline() < 0) {
            timers.schedule(pending, at);
        }
    }

    private void send(int recordType, List<Ipv6Address> reported) {
        counters.increment(Counter.MLD_REPORTS_OUT);
        reporter.report(recordType, reported);
    }

    /** Whether frames to {@code mac} (a group MAC) are for this interface. */
    boolean acceptsMac(long mac) {
        return macs.containsKey(mac);
    }

    /** Whether the interface listens to {@code group}, whose 16 bytes are at {@code at}. */
    boolean listensAt(byte[] f, int at) {
        for (Ipv6Address g : groups.keySet()) {
            if (g.isAt(f, at)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A query (checked by the interface: MLD's hop limit 1 and link-local source): answered after a random
     * part of its maximum response delay, unless an answer is due sooner already.
     */
    void query(Ipv6Address group, long maxResponseNanos, long nowNanos) {
        counters.increment(Counter.MLD_QUERIES_IN);
        if (!group.isUnspecified() && !groups.containsKey(group)) {
            return;
        }
        pending.queryAnswer = true;
        long at = nowNanos + random.applyAsLong(Math.max(1, maxResponseNanos));
        if (!pending.isScheduled() || at - pending.deadline() < 0) {
            timers.schedule(pending, at);
        }
    }

    /** The groups listened to now. */
    List<Ipv6Address> groups() {
        return new ArrayList<>(groups.keySet());
    }
}
