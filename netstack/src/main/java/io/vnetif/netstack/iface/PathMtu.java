package io.vnetif.netstack.iface;

import io.netty.util.collection.IntObjectHashMap;

/**
 * Path MTUs learned from fragmentation-needed messages (RFC 1191), per destination, for a while (10 minutes
 * by default, then the link's MTU is tried again), at most a fixed number of destinations. Confined to the
 * stack's thread.
 */
final class PathMtu {
    /** RFC 1191 §7: the smallest MTU a path is believed to have (68 is IPv4's minimum). */
    static final int MIN = 68;
    private static final int MAX_ENTRIES = 1024;

    private record Entry(int mtu, long expiresNanos) {
    }

    private final int linkMtu;
    private final long lifetimeNanos;
    private final IntObjectHashMap<Entry> entries = new IntObjectHashMap<>();

    PathMtu(int linkMtu, long lifetimeNanos) {
        this.linkMtu = linkMtu;
        this.lifetimeNanos = lifetimeNanos;
    }

    int mtu(int destination, long nowNanos) {
        if (entries.isEmpty()) {
            return linkMtu;
        }
        Entry e = entries.get(destination);
        if (e == null) {
            return linkMtu;
        }
        if (nowNanos - e.expiresNanos >= 0) {
            entries.remove(destination);
            return linkMtu;
        }
        return e.mtu;
    }

    /**
     * A router reported {@code nextHopMtu} toward {@code destination}.
     *
     * @return true when the path MTU went down
     */
    boolean lower(int destination, int nextHopMtu, long nowNanos) {
        int current = mtu(destination, nowNanos);
        // A router of before RFC 1191 reports 0: step down to the next plateau of RFC 1191 §7.
        int mtu = nextHopMtu >= MIN ? nextHopMtu : plateauBelow(current);
        if (mtu >= current) {
            return false;
        }
        if (entries.size() >= MAX_ENTRIES && !entries.containsKey(destination)) {
            entries.clear(); // forget all rather than hold without bound; paths are rediscovered
        }
        entries.put(destination, new Entry(Math.max(MIN, mtu), nowNanos + lifetimeNanos));
        return true;
    }

    private static int plateauBelow(int mtu) {
        int[] plateaus = {32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, MIN};
        for (int p : plateaus) {
            if (p < mtu) {
                return p;
            }
        }
        return MIN;
    }
}
