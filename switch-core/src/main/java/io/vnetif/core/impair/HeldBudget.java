package io.vnetif.core.impair;

/**
 * Memory that frames held back (delays, rate-limit queues) may take: a rule like {@code delay 60s} on a
 * busy link, or a delay on a network a flood reaches a thousand times, must not take all of it. A
 * network's budget draws on the switch's ({@link #child}), so one network cannot spend what the others
 * need, nor all networks together more than the switch has. Beyond it, frames are dropped as QUEUE_FULL.
 *
 * <p>What is charged is memory, not frame bytes: a held entry costs {@link #ENTRY_BYTES}, a copy its bytes
 * rounded as an allocator rounds them plus {@link #COPY_OVERHEAD_BYTES} (measured: 4.8 million held copies of
 * a 14-byte frame took 804 MiB, ~176 bytes each, where counting frame bytes said 64 MiB). Confined to the
 * engine's thread.
 */
public final class HeldBudget {
    /** A held entry: its record (due time, copy, port, onward) and its slot in the queue's array. */
    static final int ENTRY_BYTES = 48;
    /** A copy beside its bytes: the buffer object, the sharing count, the allocator's bookkeeping. */
    static final int COPY_OVERHEAD_BYTES = 160;

    private final long limit;
    private final HeldBudget parent;
    private long held;

    private HeldBudget(long limit, HeldBudget parent) {
        this.limit = limit;
        this.parent = parent;
    }

    /** The switch-wide budget. */
    public static HeldBudget of(long limit) {
        return new HeldBudget(limit, null);
    }

    /** A budget of at most {@code limit} that also draws on this one (a network's, on the switch's). */
    public HeldBudget child(long childLimit) {
        return new HeldBudget(childLimit, this);
    }

    /** What a copy of a frame of {@code length} bytes costs: its bytes, rounded up to 16 as allocators round, and its objects. */
    static long copyBytes(int length) {
        return ((length + 15L) & ~15L) + COPY_OVERHEAD_BYTES;
    }

    /** Takes {@code bytes} from this budget and every one it draws on, or nothing (false) when one of them is spent. */
    boolean take(long bytes) {
        if (held + bytes > limit) {
            return false;
        }
        if (parent != null && !parent.take(bytes)) {
            return false;
        }
        held += bytes;
        return true;
    }

    void give(long bytes) {
        held -= bytes;
        if (parent != null) {
            parent.give(bytes);
        }
    }

    /** Bytes taken now. */
    public long held() {
        return held;
    }

    public long limit() {
        return limit;
    }
}
