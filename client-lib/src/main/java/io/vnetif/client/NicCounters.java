package io.vnetif.client;

import io.vnetif.api.DropReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** The live counters of one interface; written by sender threads, the receive thread and the listener thread. */
final class NicCounters {
    private final AtomicLong rxFrames = new AtomicLong();
    private final AtomicLong rxBytes = new AtomicLong();
    private final AtomicLong txFrames = new AtomicLong();
    private final AtomicLong txBytes = new AtomicLong();
    private final AtomicLong rxDropped = new AtomicLong();
    private final AtomicLong txDropped = new AtomicLong();
    private final AtomicLongArray refused = new AtomicLongArray(DropReason.values().length);

    void delivered(int length) {
        rxFrames.incrementAndGet();
        rxBytes.addAndGet(length);
    }

    void sent(int length) {
        txFrames.incrementAndGet();
        txBytes.addAndGet(length);
    }

    void rxDropped() {
        rxDropped.incrementAndGet();
    }

    /** A datagram that failed validation: a receive drop, counted by reason too. */
    void rxRefused(DropReason reason) {
        refused.incrementAndGet(reason.ordinal());
        rxDropped();
    }

    void txDropped() {
        txDropped.incrementAndGet();
    }

    NicStats snapshot() {
        return new NicStats(rxFrames.get(), rxBytes.get(), txFrames.get(), txBytes.get(), rxDropped.get(), txDropped.get(), refusedByReason());
    }

    private Map<DropReason, Long> refusedByReason() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            long count = refused.get(r.ordinal());
            if (count != 0) {
                out.put(r, count);
            }
        }
        return out;
    }

    void reset() {
        for (AtomicLong c : new AtomicLong[] {rxFrames, rxBytes, txFrames, txBytes, rxDropped, txDropped}) {
            c.set(0);
        }
        for (int i = 0; i < refused.length(); i++) {
            refused.set(i, 0);
        }
    }
}
