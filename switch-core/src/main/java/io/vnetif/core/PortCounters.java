package io.vnetif.core;

/**
 * The live counters of one port; plain fields because one thread owns the engine (see
 * {@link SwitchEngine}).
 */
public final class PortCounters {
    private long rxFrames;
    private long rxBytes;
    private long txFrames;
    private long txBytes;
    private final DropCounters drops = new DropCounters();

    /** A frame of {@code length} bytes delivered to the port. */
    void delivered(int length) {
        rxFrames++;
        rxBytes += length;
    }

    /** A frame of {@code length} bytes received from the port. */
    void received(int length) {
        txFrames++;
        txBytes += length;
    }

    /** Counts a drop attributed to this port. */
    public void drop(DropReason reason) {
        drops.increment(reason);
    }

    /** The counters now. */
    public CounterSnapshot snapshot() {
        return new CounterSnapshot(rxFrames, rxBytes, txFrames, txBytes, drops.snapshot());
    }

    /** Sets every counter to zero. */
    public void reset() {
        rxFrames = rxBytes = txFrames = txBytes = 0;
        drops.reset();
    }
}
