package io.vnetif.core;

import io.netty.util.collection.LongObjectHashMap;
import io.vnetif.core.port.Port;
import java.util.Iterator;

/**
 * A network's learned MAC → port table: bounded, aged, primitive-keyed (no boxing on lookups).
 *
 * <p>Entries are mutable and updated in place, so learning a known address allocates nothing. Stale
 * entries are ignored by {@link #lookup} at once and removed by a sweep that runs at most every half
 * aging period, driven by traffic (no timer thread).
 */
final class MacTable {
    /** A station that moves between ports this often within {@link #FLAP_WINDOW_NANOS} is flapping (a loop, or a fight over it). */
    static final int FLAP_MOVES = 3;
    static final long FLAP_WINDOW_NANOS = 10_000_000_000L;

    private static final class Entry {
        Port port;
        long lastSeenNanos;
        /** When the moves counted in {@link #recentMoves} began. */
        long movesSinceNanos;
        int recentMoves;

        Entry(Port port, long lastSeenNanos) {
            this.port = port;
            this.lastSeenNanos = lastSeenNanos;
        }
    }

    private final LongObjectHashMap<Entry> entries = new LongObjectHashMap<>();
    private final int capacity;
    private final long agingNanos;
    private long nextSweepNanos;
    private long overflows;
    private long moves;
    private long flaps;

    MacTable(int capacity, long agingNanos, long nowNanos) {
        this.capacity = capacity;
        this.agingNanos = agingNanos;
        this.nextSweepNanos = nowNanos + agingNanos / 2;
    }

    /**
     * Records that {@code mac} was seen on {@code port}; moves the entry if it was on another port, as a
     * learning switch does (a station may move: a VM migrates, a cable is replugged), counting the move and
     * the station's moves back and forth ({@link #flaps}).
     */
    void learn(long mac, Port port, long nowNanos) {
        Entry e = entries.get(mac);
        if (e != null) {
            if (e.port != port) {
                moved(e, nowNanos);
                e.port = port;
            }
            e.lastSeenNanos = nowNanos;
            return;
        }
        if (entries.size() >= capacity) {
            // Not a full sweep per new source: a flood of random source MACs would stall the loop.
            maybeSweep(nowNanos);
            if (entries.size() >= capacity) {
                overflows++;
                return;
            }
        }
        entries.put(mac, new Entry(port, nowNanos));
    }

    /** The port {@code mac} was last seen on, or {@code null} when unknown or aged out. */
    Port lookup(long mac, long nowNanos) {
        Entry e = entries.get(mac);
        if (e == null || nowNanos - e.lastSeenNanos > agingNanos) {
            return null;
        }
        return e.port;
    }

    /** Sweeps aged entries when half an aging period has passed since the last sweep. */
    void maybeSweep(long nowNanos) {
        if (nowNanos - nextSweepNanos >= 0) {
            sweep(nowNanos);
        }
    }

    private void sweep(long nowNanos) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (nowNanos - it.next().lastSeenNanos > agingNanos) {
                it.remove();
            }
        }
        nextSweepNanos = nowNanos + agingNanos / 2;
    }

    /** Forgets every address learned on {@code port}. */
    void forget(Port port) {
        entries.values().removeIf(e -> e.port == port);
    }

    /** Forgets where {@code mac} was learned, if anywhere. */
    void forget(long mac) {
        entries.remove(mac);
    }

    /** Number of entries, aged ones swept first. */
    int size(long nowNanos) {
        sweep(nowNanos);
        return entries.size();
    }

    private void moved(Entry e, long nowNanos) {
        moves++;
        if (e.recentMoves == 0 || nowNanos - e.movesSinceNanos > FLAP_WINDOW_NANOS) {
            e.movesSinceNanos = nowNanos;
            e.recentMoves = 0;
        }
        if (++e.recentMoves == FLAP_MOVES) {
            flaps++; // once per episode: the count says how many stations flapped, not how often
        }
    }

    /** Source MACs not learned because the table was full. */
    long overflows() {
        return overflows;
    }

    /** Learned stations seen on another port than before (each move counted). */
    long moves() {
        return moves;
    }

    /** Times a station moved {@value #FLAP_MOVES} times within {@link #FLAP_WINDOW_NANOS}: a loop, or two ports fighting over it. */
    long flaps() {
        return flaps;
    }

    void resetOverflows() {
        overflows = 0;
        moves = 0;
        flaps = 0;
    }
}
