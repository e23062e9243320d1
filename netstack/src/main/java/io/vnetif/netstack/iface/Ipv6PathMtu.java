package io.vnetif.netstack.iface;

import io.vnetif.netstack.wire.Ipv6Address;
import io.vnetif.netstack.wire.Ipv6Header;
import java.util.HashMap;

/**
 * IPv6 path MTUs learned from packet-too-big messages (RFC 8201), per destination, for a while (then the
 * link's MTU is tried again, §4), at most a fixed number of destinations. Never below 1280: a smaller
 * report is taken as 1280 (RFC 8201 §4, RFC 8200 §5). Confined to the stack's thread.
 */
final class Ipv6PathMtu {
    private static final int MAX_ENTRIES = 1024;

    private record Entry(int mtu, long expiresNanos) {
    }

    private final int linkMtu;
    private final long lifetimeNanos;
    private final HashMap<Ipv6Address, Entry> entries = new HashMap<>();

    Ipv6PathMtu(int linkMtu, long lifetimeNanos) {
        this.linkMtu = linkMtu;
        this.lifetimeNanos = lifetimeNanos;
    }

    int mtu(Ipv6Address destination, long nowNanos) {
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
     * A packet too big reported {@code reported} toward {@code destination}.
     *
     * @return true when the path MTU went down
     */
    boolean lower(Ipv6Address destination, long reported, long nowNanos) {
        int current = mtu(destination, nowNanos);
        int mtu = (int) Math.max(Ipv6Header.MIN_MTU, Math.min(reported, Integer.MAX_VALUE));
        if (mtu >= current) {
            return false;
        }
        if (entries.size() >= MAX_ENTRIES && !entries.containsKey(destination)) {
            entries.clear(); // forget all rather than hold without bound; paths are rediscovered
        }
        entries.put(destination, new Entry(mtu, nowNanos + lifetimeNanos));
        return true;
    }

    int size() {
        return entries.size();
    }
}
