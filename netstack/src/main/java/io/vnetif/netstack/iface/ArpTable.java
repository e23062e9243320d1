package io.vnetif.netstack.iface;

import io.netty.util.collection.IntObjectHashMap;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.time.TimerWheel;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ARP cache (RFC 826): IPv4 address to MAC, learned from requests and replies, forgotten after a
 * while, at most {@code maxEntries} (the stalest dynamic entry gives way); static entries stay. A packet
 * for an address not resolved yet waits in a small queue while requests go out (retried, then given up:
 * the queue's packets are counted as unresolved). Confined to the stack's thread.
 */
final class ArpTable {
    /** How an ARP request leaves: built and sent by the interface. */
    interface Requester {
        void request(int targetIp);
    }

    private final IntObjectHashMap<Entry> entries = new IntObjectHashMap<>();
    private final Counters counters;
    private final TimerWheel timers;
    private final Requester requester;
    private final ArpConfig config;
    private final HeldFrames held;

    /**
     * @param lifetimeNanos   how long a learned entry is believed
     * @param retryNanos      time between unanswered requests
     * @param maxRequests     requests before giving up
     * @param maxEntries      cache size
     * @param maxPendingPerEntry packets that may wait for one address
     * @param maxPendingBytes bytes that may wait for all addresses together
     */
    record ArpConfig(long lifetimeNanos, long retryNanos, int maxRequests, int maxEntries, int maxPendingPerEntry, int maxPendingBytes) {
        static final ArpConfig DEFAULTS = new ArpConfig(60_000_000_000L, 1_000_000_000L, 3, 1024, 16, 256 * 1024);
    }

    private final class Entry extends TimerWheel.Timer {
        final int ip;
        long mac = -1;
        boolean isStatic;
        long expiresNanos;
        int requests;
        final ArrayDeque<byte[]> pending = new ArrayDeque<>();

        Entry(int ip) {
            this.ip = ip;
        }

        boolean resolved(long nowNanos) {
            return mac >= 0 && (isStatic || nowNanos - expiresNanos < 0);
        }

        @Override
        protected void expired(long nowNanos) {
            if (resolved(nowNanos)) {
                return;
            }
            if (requests >= config.maxRequests) {
                held.drop(pending, Counter.DROP_ARP_UNRESOLVED);
                entries.remove(ip);
                return;
            }
            sendRequest(this, nowNanos);
        }
    }

    ArpTable(Link link, Counters counters, TimerWheel timers, Requester requester, ArpConfig config) {
        this.counters = counters;
        this.held = new HeldFrames(link, counters, Counter.DROP_ARP_QUEUE_FULL, config.maxPendingPerEntry, config.maxPendingBytes);
        this.timers = timers;
        this.requester = requester;
        this.config = config;
    }

    /** A static entry: never expires, never evicted. */
    void putStatic(int ip, long mac) {
        Entry e = entries.get(ip);
        if (e == null) {
            e = new Entry(ip);
            entries.put(ip, e);
        }
        e.mac = mac;
        e.isStatic = true;
    }

    /** The MAC of {@code ip}, or -1 when not known (now). */
    long lookup(int ip, long nowNanos) {
        Entry e = entries.get(ip);
        return e != null && e.resolved(nowNanos) ? e.mac : -1;
    }

    /**
     * Holds a copy of the frame (its destination MAC to be filled in) until {@code ip} resolves, asking for
     * it if nobody asks yet; counted as a drop when the queue is full.
     */
    void hold(int ip, byte[] frame, int length, long nowNanos) {
        Entry e = entries.get(ip);
        if (e == null) {
            if (entries.size() >= config.maxEntries && !evictStalest(nowNanos)) {
                counters.increment(Counter.DROP_ARP_QUEUE_FULL);
                return;
            }
            e = new Entry(ip);
            entries.put(ip, e);
        }
        held.hold(e.pending, frame, length);
        if (!e.isScheduled()) {
            e.requests = 0;
            sendRequest(e, nowNanos);
        }
    }

    private void sendRequest(Entry e, long nowNanos) {
        e.requests++;
        requester.request(e.ip);
        timers.schedule(e, nowNanos + config.retryNanos);
    }

    /**
     * {@code ip} is at {@code mac} (a reply, or a request's sender). RFC 826's merge: an existing entry is
     * updated; a new one is added only when {@code forUs} (the packet was addressed to this stack).
     */
    void learn(int ip, long mac, boolean forUs, long nowNanos) {
        Entry e = entries.get(ip);
        if (e == null) {
            if (!forUs || (entries.size() >= config.maxEntries && !evictStalest(nowNanos))) {
                return;
            }
            e = new Entry(ip);
            entries.put(ip, e);
        }
        if (e.isStatic) {
            return;
        }
        e.mac = mac;
        e.expiresNanos = nowNanos + config.lifetimeNanos;
        timers.cancel(e);
        held.release(e.pending, mac);
    }

    /** Makes room: the dynamic entry that expires first, without packets waiting, goes. */
    private boolean evictStalest(long nowNanos) {
        Entry stalest = null;
        for (Entry e : entries.values()) {
            if (!e.isStatic && e.pending.isEmpty() && (stalest == null || e.expiresNanos - stalest.expiresNanos < 0)) {
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

    /** The entries now, for listings: address to MAC (-1: resolving). */
    Map<Integer, Long> snapshot(long nowNanos) {
        Map<Integer, Long> out = new TreeMap<>();
        for (Entry e : entries.values()) {
            out.put(e.ip, e.resolved(nowNanos) ? e.mac : -1);
        }
        return out;
    }
}
