package io.vnetif.core.port;

import io.vnetif.api.DropReason;
import io.vnetif.api.ImpairmentOutcome;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The live counters of one port; plain fields because one thread owns the engine (see
 * {@link io.vnetif.core.SwitchEngine}).
 */
public final class PortCounters {
    private long rxFrames;
    private long rxBytes;
    private long txFrames;
    private long txBytes;
    private final DropCounters drops = new DropCounters();
    private final long[] impaired = new long[ImpairmentOutcome.values().length];

    /** A frame of {@code length} bytes delivered to the port. */
    public void delivered(int length) {
        rxFrames++;
        rxBytes += length;
    }

    /** A frame of {@code length} bytes received from the port. */
    public void received(int length) {
        txFrames++;
        txBytes += length;
    }

    /** Counts a drop attributed to this port. */
    public void drop(DropReason reason) {
        drops.increment(reason);
    }

    /** Counts what an impairment did to one of this port's frames (a drop also under its reason). */
    public void impaired(ImpairmentOutcome outcome) {
        impaired[outcome.ordinal()]++;
        if (outcome.dropReason() != null) {
            drops.increment(outcome.dropReason());
        }
    }

    /** The counters now. */
    public CounterSnapshot snapshot() {
        Map<ImpairmentOutcome, Long> byOutcome = new EnumMap<>(ImpairmentOutcome.class);
        for (ImpairmentOutcome i : ImpairmentOutcome.values()) {
            if (impaired[i.ordinal()] != 0) {
                byOutcome.put(i, impaired[i.ordinal()]);
            }
        }
        return new CounterSnapshot(rxFrames, rxBytes, txFrames, txBytes, drops.snapshot(), byOutcome);
    }

    /** Sets every counter to zero. */
    public void reset() {
        rxFrames = rxBytes = txFrames = txBytes = 0;
        drops.reset();
        Arrays.fill(impaired, 0);
    }
}
