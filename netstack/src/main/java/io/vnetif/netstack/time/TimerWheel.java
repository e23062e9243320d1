package io.vnetif.netstack.time;

/**
 * A hashed timer wheel (Varghese and Lauck): timers sit in the slot of their deadline's tick, a slot a
 * doubly linked list, so scheduling and cancelling are O(1) and allocate nothing (the timers are the
 * nodes, owned by their protocol objects). Advancing visits each tick once; a timer whose deadline lies
 * more than a turn of the wheel away is passed over until its turn comes. Confined to the stack's thread.
 */
public final class TimerWheel {
    private static final int IDLE = -1;
    private static final int DUE = -2;

    private final long tickNanos;
    private final Timer[] slots;
    private final int mask;
    /** The tick up to which timers have been run (exclusive). */
    private long currentTick;
    private int scheduled;

    /** A timer: extend it with what it does; schedule and cancel it through the wheel. */
    public abstract static class Timer {
        private long deadline;
        private Timer prev;
        private Timer next;
        /** The next of the timers due in one advance (a list of its own: a callback may move {@link #next}). */
        private Timer dueNext;
        /** The slot, {@link #IDLE}, or {@link #DUE} while in the list of one advance. */
        private int slot = IDLE;

        /** Runs when the deadline has passed; may schedule itself again. */
        protected abstract void expired(long nowNanos);

        /** Whether the timer waits in a wheel. */
        public boolean isScheduled() {
            return slot >= 0 || slot == DUE;
        }

        /** The deadline it waits for (meaningful while scheduled). */
        public long deadline() {
            return deadline;
        }
    }

    /**
     * @param tickNanos the resolution: a timer fires at the first advance at or after the end of its tick
     * @param slots     a power of two; one turn of the wheel is {@code slots * tickNanos}
     */
    public TimerWheel(long tickNanos, int slots, long nowNanos) {
        if (Integer.bitCount(slots) != 1 || tickNanos <= 0) {
            throw new IllegalArgumentException("slots must be a power of two and the tick positive");
        }
        this.tickNanos = tickNanos;
        this.slots = new Timer[slots];
        this.mask = slots - 1;
        this.currentTick = nowNanos / tickNanos;
    }

    /** Schedules (or moves) {@code timer} to fire at {@code deadlineNanos}. */
    public void schedule(Timer timer, long deadlineNanos) {
        cancel(timer);
        timer.deadline = deadlineNanos;
        long tick = Math.max(Math.floorDiv(deadlineNanos, tickNanos), currentTick);
        int slot = (int) (tick & mask);
        timer.slot = slot;
        timer.next = slots[slot];
        timer.prev = null;
        if (slots[slot] != null) {
            slots[slot].prev = timer;
        }
        slots[slot] = timer;
        scheduled++;
    }

    /** Cancels {@code timer} if it is scheduled. */
    public void cancel(Timer timer) {
        if (timer.slot == DUE) {
            timer.slot = IDLE; // in the due list of a running advance: it will be passed over
            scheduled--;
            return;
        }
        if (timer.slot < 0) {
            return;
        }
        unlink(timer);
        timer.slot = IDLE;
        scheduled--;
    }

    /** Timers waiting. */
    public int size() {
        return scheduled;
    }

    /** Runs every timer whose deadline is at or before {@code nowNanos}. */
    public void advance(long nowNanos) {
        long lastTick = Math.floorDiv(nowNanos, tickNanos);
        // Visit at most one turn: beyond that every slot has been seen, and each holds its own deadlines.
        long end = Math.min(lastTick, currentTick + slots.length - 1);
        for (long tick = currentTick; tick <= end; tick++) {
            runSlot((int) (tick & mask), nowNanos);
        }
        if (lastTick > end) {
            for (int s = 0; s < slots.length; s++) {
                runSlot(s, nowNanos);
            }
        }
        currentTick = lastTick;
    }

    /**
     * Runs the timers of {@code slot} that are due: first taken out of the slot into a list of their own,
     * then run, so a callback may schedule or cancel any timer (one still due and cancelled is passed over).
     */
    private void runSlot(int slot, long nowNanos) {
        Timer due = null;
        for (Timer t = slots[slot]; t != null; ) {
            Timer next = t.next;
            if (t.deadline - nowNanos <= 0) {
                unlink(t);
                t.slot = DUE;
                t.dueNext = due;
                due = t;
            }
            t = next;
        }
        while (due != null) {
            Timer t = due;
            due = t.dueNext;
            t.dueNext = null;
            if (t.slot == DUE) {
                t.slot = IDLE;
                scheduled--;
                t.expired(nowNanos);
            }
        }
    }

    private void unlink(Timer timer) {
        if (timer.prev != null) {
            timer.prev.next = timer.next;
        } else {
            slots[timer.slot] = timer.next;
        }
        if (timer.next != null) {
            timer.next.prev = timer.prev;
        }
        timer.prev = null;
        timer.next = null;
    }

    /**
     * The earliest deadline of a waiting timer, or {@link Long#MAX_VALUE} with none: how long the stack's
     * thread may sleep. A scan of the wheel: called once per wait, not per segment.
     */
    public long nextDeadline() {
        long earliest = Long.MAX_VALUE;
        if (scheduled == 0) {
            return earliest;
        }
        for (Timer head : slots) {
            for (Timer t = head; t != null; t = t.next) { // timers in a running advance's due list are about to fire
                if (earliest == Long.MAX_VALUE || t.deadline - earliest < 0) {
                    earliest = t.deadline;
                }
            }
        }
        return earliest;
    }
}
