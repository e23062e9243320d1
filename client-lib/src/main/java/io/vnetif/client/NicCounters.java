package io.vnetif.client;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters of one interface; written by sender threads, the receive thread and the listener thread. */
final class NicCounters {
    private final AtomicLong rxFrames = new AtomicLong();
    private final AtomicLong rxBytes = new AtomicLong();
    private final AtomicLong txFrames = new AtomicLong();
    private final AtomicLong txBytes = new AtomicLong();
    private final AtomicLong rxDropped = new AtomicLong();
    private final AtomicLong txDropped = new AtomicLong();

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

    void txDropped() {
        txDropped.incrementAndGet();
    }

    NicStats snapshot() {
        return new NicStats(rxFrames.get(), rxBytes.get(), txFrames.get(), txBytes.get(), rxDropped.get(), txDropped.get());
    }

    void reset() {
        for (AtomicLong c : new AtomicLong[] {rxFrames, rxBytes, txFrames, txBytes, rxDropped, txDropped}) {
            c.set(0);
        }
    }
}
