package io.vnetif.core.port;

import io.vnetif.api.DropReason;
import java.util.Map;

/**
 * The switch-wide account of every frame that entered it, kept apart from the per-port counters because
 * those leave with their ports. It balances at every instant the engine's thread reads it:
 *
 * <pre>received + copies = delivered + dropped + held</pre>
 *
 * where {@code copies} are the frames the switch made itself (a flood to k ports makes k - 1, a
 * duplicating impairment one per extra copy) and {@code held} the frames an impairment holds right now.
 * Datagrams refused before they became a port's frame (bad header, unknown port, wrong secret) are not
 * frames; they are counted as drops of their own (unattributed or on the port) and not here.
 */
public final class FrameLedger {
    private long received;
    private long copies;
    private long delivered;
    private long held;
    private final DropCounters dropped = new DropCounters();

    /** A port sent a frame into the switch. */
    public void received() {
        received++;
    }

    /** The switch made {@code extra} frames of one (flood fan-out, duplication). */
    public void copied(long extra) {
        copies += extra;
    }

    /** A frame was handed to a receiving port's transport. */
    public void delivered() {
        delivered++;
    }

    /** A frame (or one copy of it) was dropped. */
    public void dropped(DropReason reason) {
        dropped.increment(reason);
    }

    /** An impairment took a frame to release later. */
    public void hold() {
        held++;
    }

    /** A held frame left the impairment: it is now delivered, dropped or held elsewhere. */
    public void release() {
        held--;
    }

    /**
     * A frame counted as delivered whose send then failed in the transport (e.g. ENOBUFS reported after
     * the batch was flushed): it moves from delivered to the drops, so the books still balance.
     */
    public void sendFailedAfterDelivery() {
        delivered--;
        dropped.increment(DropReason.SEND_FAILED);
    }

    /** The books now. */
    public Snapshot snapshot() {
        return new Snapshot(received, copies, delivered, held, dropped.snapshot());
    }

    /**
     * Starts a new period. Frames held at this moment will still leave and be counted, so they are
     * booked as received in the new period: the books balance from the first instant.
     */
    public void reset() {
        received = held;
        copies = 0;
        delivered = 0;
        dropped.reset();
    }

    /**
     * The ledger at one instant.
     *
     * @param dropped non-zero drops by reason
     */
    public record Snapshot(long received, long copies, long delivered, long held, Map<DropReason, Long> dropped) {
        public Snapshot {
            dropped = Map.copyOf(dropped);
        }

        /** The sum over all drop reasons. */
        public long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Frames neither delivered, dropped nor held: zero unless the switch lost one silently. */
        public long unaccounted() {
            return received + copies - delivered - droppedTotal() - held;
        }
    }
}
