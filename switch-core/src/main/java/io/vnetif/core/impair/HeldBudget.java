package io.vnetif.core.impair;

/**
 * Bytes a network may hold back at once (delays, rate-limit queues): a rule like {@code delay 60s} on a
 * busy link must not take all memory. Beyond it, frames are dropped as QUEUE_FULL.
 */
final class HeldBudget {
    /** 64 MiB per network. */
    static final long DEFAULT_BYTES = 64L << 20;

    private final long limit;
    private long held;

    HeldBudget(long limit) {
        this.limit = limit;
    }

    boolean take(int bytes) {
        if (held + bytes > limit) {
            return false;
        }
        held += bytes;
        return true;
    }

    void give(int bytes) {
        held -= bytes;
    }
}
