package io.vnetif.core.impair;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import io.vnetif.core.port.FrameLedger;
import io.vnetif.core.port.Port;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Frames held back on their way to one receiver (or from one sender), in the order they must leave.
 * One timer at a time per queue releases every frame that is due, head first, so frames keep their
 * order however late or out of order the scheduler's timers fire. Confined to the engine's thread.
 */
final class HeldFrames {
    private record Held(long dueNanos, ByteBuf frame, Port port, Onward onward) {
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
     * Holds a copy of {@code frame} until {@code dueNanos}, or until every frame held before it left if
     * that is later.
     *
     * @return false when the held-bytes budget is spent (nothing was held)
     */
    boolean hold(ByteBuf frame, long dueNanos, long nowNanos, Port port, Onward onward) {
        if (!budget.take(frame.readableBytes())) {
            return false;
        }
        long due = queue.isEmpty() || dueNanos - lastDueNanos > 0 ? dueNanos : lastDueNanos;
        lastDueNanos = due;
        queue.add(new Held(due, frame.copy(), port, onward));
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
                budget.give(h.frame.readableBytes());
                h.frame.release();
                ledger.release();
                ledger.dropped(DropReason.PORT_DETACHED); // the switch is closing: every port goes
            }
        }
    }

    private void release() {
        timerArmed = false;
        long now = clock.getAsLong();
        try {
            while (!queue.isEmpty() && queue.peek().dueNanos - now <= 0) {
                Held h = queue.poll();
                budget.give(h.frame.readableBytes());
                ledger.release();
                try {
                    h.onward.pass(h.port, h.frame);
                } finally {
                    h.frame.release();
                }
            }
        } finally { // even if passing one on threw: the frames behind it must not be stranded
            if (!queue.isEmpty()) {
                arm(queue.peek().dueNanos - now);
            }
        }
    }
}
