package io.vnetif.core.impair;

import io.netty.buffer.ByteBuf;

/**
 * One copy of a frame held back by impairments, shared by every hold of it: a flood held on its way to a
 * thousand ports holds one copy and a thousand entries, not a thousand copies. Holders read it with
 * absolute accessors and never move its indices (as every {@link io.vnetif.core.port.FrameSink} does), so
 * they can share one buffer. The copy's bytes are charged to the budget while any holder has it.
 * Confined to the engine's thread.
 */
final class HeldCopy {
    private final ByteBuf frame;
    private final HeldBudget budget;
    private final long cost;
    private int holders = 1;

    private HeldCopy(ByteBuf frame, HeldBudget budget, long cost) {
        this.frame = frame;
        this.budget = budget;
        this.cost = cost;
    }

    /**
     * A copy of the readable bytes of {@code source}, held once, or {@code null} when the budget cannot
     * take it (nothing copied).
     */
    static HeldCopy of(ByteBuf source, HeldBudget budget) {
        long cost = HeldBudget.copyBytes(source.readableBytes());
        if (!budget.take(cost)) {
            return null;
        }
        try {
            return new HeldCopy(source.copy(), budget, cost);
        } catch (RuntimeException | Error e) {
            budget.give(cost);
            throw e;
        }
    }

    /** The copy; valid while this holder has not {@link #release}d it. */
    ByteBuf frame() {
        return frame;
    }

    /** One more holder. */
    HeldCopy hold() {
        holders++;
        return this;
    }

    /** One holder less; the last frees the copy and gives its bytes back. */
    void release() {
        if (--holders == 0) {
            frame.release();
            budget.give(cost);
        }
    }
}
