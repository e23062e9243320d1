package io.vnetif.core.impair;

import io.vnetif.api.DropReason;
import io.vnetif.core.port.FrameLedger;
import io.vnetif.core.port.Port;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Frames held back on their way to one receiver (or from one sender), in the order they must leave.
 * One timer at a time per queue releases the frames that are due, head first, so frames keep their
 * order however late or out of order the scheduler's timers fire. A timer releases at most
 * {@link #RELEASE_BATCH} frames and leaves the rest to the next one, armed at once: a backlog that falls
 * due together (a delay rule on a flooded network) leaves in slices, between which the engine's thread
 * reads datagrams of other networks, instead of in one long stall. Confined to the engine's thread.
 */
final class HeldFrames {
    /** Frames one timer releases at most before the next one takes over. */
    static final int RELEASE_BATCH = 256;

    private record Held(long dueNanos, HeldCopy copy, Port port, Onward onward) {
    }

    private final ArrayDeque<Held> queue = new ArrayDeque<>();
    private final DelayScheduler scheduler;
    private final LongSupplier clock;
    private final HeldBudget budget;
    private final FrameLedger ledger;
    private long lastDueNanos;
    private boolean timerArmed;

    HeldFrames(DelayScheduler scheduler, LongSupplier clock, HeldBudget budget, FrameLedger ledger) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.budget = budget;
        this.ledger = ledger;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Takes one hold of {@code copy} until {@code dueNanos}, or until every frame held before it left if
     * that is later; the caller's own hold of the copy stays the caller's.
     *
     * @return false when the budget cannot take the entry (nothing was held)
     */
    boolean hold(HeldCopy copy, long dueNanos, long nowNanos, Port port, Onward onward) {
        if (!budget.take(HeldBudget.ENTRY_BYTES)) {
            return false;
        }
        long due = queue.isEmpty() || dueNanos - lastDueNanos > 0 ? dueNanos : lastDueNanos;
        lastDueNanos = due;
        queue.add(new Held(due, copy.hold(), port, onward));
        ledger.hold();
        if (!timerArmed) {
            arm(due - nowNanos);
        }
        return true;
    }

    private void arm(long delayNanos) {
        timerArmed = true;
        try {
            scheduler.schedule(this::release, Math.max(0, delayNanos));
        } catch (RuntimeException e) {
            // The scheduler is shut down (switch closing): nothing will ever leave, free it all.
            timerArmed = false;
            Held h;
            while ((h = queue.poll()) != null) {
                free(h);
                ledger.release();
                ledger.dropped(DropReason.PORT_DETACHED); // the switch is closing: every port goes
            }
        }
    }

    private void free(Held h) {
        h.copy.release();
        budget.give(HeldBudget.ENTRY_BYTES);
    }

    private void release() {
        timerArmed = false;
        long now = clock.getAsLong();
        int released = 0;
        try {
            while (!queue.isEmpty() && queue.peek().dueNanos - now <= 0 && released < RELEASE_BATCH) {
                Held h = queue.poll();
                released++;
                ledger.release();
                try {
                    h.onward.pass(h.port, h.copy.frame());
                } finally {
                    free(h);
                }
            }
        } finally { // even if passing one on threw: the frames behind it must not be stranded
            if (!queue.isEmpty()) {
                arm(queue.peek().dueNanos - now);
            }
        }
    }
}
