package io.vnetif.netstack.iface;

import io.netty.util.collection.IntObjectHashMap;
import io.vnetif.netstack.wire.Ipv6Address;
import io.vnetif.netstack.wire.Ipv6Header;
import java.util.HashMap;

/**
 * Path MTUs learned per destination, for a while (10 minutes by default, then the link's MTU is tried
 * again), at most a fixed number of destinations per family: IPv4's from fragmentation-needed messages
 * (RFC 1191, never below 68), IPv6's from packet-too-big messages (RFC 8201, never below 1280). A message
 * never raises a path's MTU. IPv4 destinations are ints (no boxing per packet). Confined to the stack's thread.
 */
final class PathMtu {
    /** RFC 1191 §7: the smallest MTU an IPv4 path is believed to have (68 is IPv4's minimum). */
    static final int MIN = 68;
    private static final int MAX_ENTRIES = 1024;

    private record Entry(int mtu, long expiresNanos) {
    }

    private final int linkMtu;
    private final long lifetimeNanos;
    private final IntObjectHashMap<Entry> ipv4 = new IntObjectHashMap<>();
    private final HashMap<Ipv6Address, Entry> ipv6 = new HashMap<>();

    PathMtu(int linkMtu, long lifetimeNanos) {
        this.linkMtu = linkMtu;
        this.lifetimeNanos = lifetimeNanos;
    }

    int mtu(int destination, long nowNanos) {
        Entry e = ipv4.isEmpty() ? null : ipv4.get(destination);
        if (e != null && nowNanos - e.expiresNanos >= 0) {
            ipv4.remove(destination);
            e = null;
        }
        return e == null ? linkMtu : e.mtu;
    }

    int mtu(Ipv6Address destination, long nowNanos) {
        Entry e = ipv6.isEmpty() ? null : ipv6.get(destination);
        if (e != null && nowNanos - e.expiresNanos >= 0) {
            ipv6.remove(destination);
            e = null;
        }
        return e == null ? linkMtu : e.mtu;
    }

    /**
     * A router reported {@code nextHopMtu} toward IPv4 {@code destination}.
     *
     * @return true when the path MTU went down
     */
    boolean lower(int destination, int nextHopMtu, long nowNanos) {
        int current = mtu(destination, nowNanos);
        // A router of before RFC 1191 reports 0: step down to the next plateau of RFC 1191 §7.
        Entry lowered = lowered(current, nextHopMtu >= MIN ? nextHopMtu : plateauBelow(current), MIN, nowNanos);
        if (lowered != null) {
            if (ipv4.size() >= MAX_ENTRIES && !ipv4.containsKey(destination)) {
                ipv4.clear(); // forget all rather than hold without bound; paths are rediscovered
            }
            ipv4.put(destination, lowered);
        }
        return lowered != null;
    }

    /**
     * A packet too big reported {@code reported} toward IPv6 {@code destination} (below 1280 means 1280,
     * RFC 8201 §4).
     *
     * @return true when the path MTU went down
     */
    boolean lower(Ipv6Address destination, long reported, long nowNanos) {
        Entry lowered = lowered(mtu(destination, nowNanos), (int) Math.min(reported, Integer.MAX_VALUE), Ipv6Header.MIN_MTU, nowNanos);
        if (lowered != null) {
            if (ipv6.size() >= MAX_ENTRIES && !ipv6.containsKey(destination)) {
                ipv6.clear();
            }
            ipv6.put(destination, lowered);
        }
        return lowered != null;
    }

    /** The entry for a path now at {@code current} reported at {@code reported}, or null when that is no lowering. */
    private Entry lowered(int current, int reported, int floor, long nowNanos) {
        int mtu = Math.max(floor, reported);
        return mtu < current ? new Entry(mtu, nowNanos + lifetimeNanos) : null;
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
