package io.vnetif.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How much of the one thread that owns the engine each network takes, and which network gets no more
 * for a while. The frames of all networks wait in the same socket, in arrival order, so what a frame
 * waits for is the forwarding of the frames ahead of it: a socket's worth of cheap frames (a few
 * thousand) is forwarded in milliseconds, but a network whose every frame is expensive (a flood to a
 * thousand ports, rules on each delivery) once delayed a pair of ports on another network by 7 to 17
 * seconds. So a network whose frames are expensive — more than {@link #EXPENSIVE_WORK} units of work each on
 * average, counted, not timed: a delivery is one unit, and every eight impairment rules it meets one more —
 * is throttled (its frames dropped as NETWORK_BUSY at the door, which costs next to nothing) when in
 * {@link #WINDOWS_OVER} windows in a row it took
 * <ul>
 * <li>more than the switch's cap ({@link SwitchLimits#networkMaxShare}), whether or not anyone was seen
 * waiting (whoever waits behind it in the socket is not seen until it is too late); or</li>
 * <li>well over an equal share while the thread was loaded and another network had traffic.</li>
 * </ul>
 * It stays throttled for as many windows as it took of what it was allowed, so that over time it gets
 * about its share (one window at a time let a network four times over keep two windows in three).
 * Cheap frames are never throttled, however many and however slow: their wait is bounded by the socket's
 * buffer. Expense is counted rather than timed because time lies about it: a cold JIT once took 530 us per
 * broadcast to 15 ports, and a thread the kernel preempts looks busy. A network is charged the time its
 * forwarding takes and, for each datagram it queues, what sending one costs on average (sends leave in
 * batches for all networks at once, so they are estimated, not timed: uncharged, a flood to 20 receiving
 * ports kept the thread saturated without any network looking busy), from ingress to the last delivery
 * and for the frames impairments release later. Reading datagrams is charged to nobody: a datagram's
 * network is known only once it is read. Time is the engine's clock. Confined to the engine's thread.
 */
final class LoopShares {
    /** The accounting period: short, so a bystander waits at most about this long behind another network. */
    static final long WINDOW_NANOS = 10_000_000L;
    /** The thread counts as loaded when the networks kept it busy at least this share of a window. */
    static final double LOADED = 0.5;
    /** A network is throttled in the next window when it took more than this many times an equal share. */
    static final double OVER_EQUAL_SHARE = 1.5;
    /**
     * Work per frame (deliveries, and rules met) beyond which a network's frames are expensive: at about a
     * microsecond a delivery, a socket's buffer of such frames (about 4000 small datagrams) keeps the frames
     * behind them waiting a quarter of a second or more. A test's broadcast to a few dozen ports stays below.
     */
    static final long EXPENSIVE_WORK = 64;
    /** Impairment rules a delivery meets that cost about as much as the delivery itself. */
    static final int RULES_PER_UNIT = 8;
    /**
     * Windows in a row a network must be over before it is throttled: one window's excess may be a pause.
     * After being throttled, one window over is enough again.
     */
    static final int WINDOWS_OVER = 2;
    /** The most windows a network is throttled for at once (a second), however far over its share it went. */
    static final int MAX_THROTTLED_WINDOWS = 100;
    /** The most one frame is charged: a GC pause or a compilation inside it is nobody's share. */
    static final long MAX_CHARGE_NANOS = 5_000_000L;

    private final double maxShare;
    /** What sending one datagram costs the thread, on average, as the sends measure it; 0 where nobody does. */
    private LongSupplier sendCostNanos = () -> 0;
    private final List<Network> active = new ArrayList<>();
    private final List<Network> throttled = new ArrayList<>();
    private long windowStart;

    LoopShares(double maxShare, long nowNanos) {
        this.maxShare = maxShare;
        this.windowStart = nowNanos;
    }

    /** The work of delivering one frame to {@code receivers} ports on a network with {@code rules} impairment rules. */
    static long work(int receivers, int rules) {
        return (long) receivers * (1 + rules / RULES_PER_UNIT);
    }

    /** Where the average cost of sending one datagram comes from (the switch's sends measure it). */
    void estimateSendsWith(LongSupplier nanosPerSend) {
        this.sendCostNanos = nanosPerSend;
    }

    /** {@code network} kept the thread busy for {@code nanos} with one frame, and queued {@code sends} datagrams to send. */
    void charge(Network network, long nanos, int sends) {
        if (!network.activeInWindow) {
            network.activeInWindow = true;
            active.add(network);
        }
        network.busyNanos += Math.min(nanos, MAX_CHARGE_NANOS) + (sends == 0 ? 0 : sends * sendCostNanos.getAsLong());
        network.framesInWindow++;
    }

    /** Ends the window when its time is up: decides who is throttled in the next one (nobody, with a share of 1). */
    void roll(long nowNanos) {
        long elapsed = nowNanos - windowStart;
        if (elapsed < WINDOW_NANOS) {
            return;
        }
        if (maxShare < 1) {
            judge(elapsed);
        }
        for (Network n : active) {
            n.busyNanos = 0;
            n.framesInWindow = 0;
            n.workInWindow = 0;
            n.activeInWindow = false;
        }
        active.clear();
        windowStart = nowNanos;
    }

    /** Who took more than its share of the window that ended after {@code elapsed}, and so waits out the next ones. */
    private void judge(long elapsed) {
        for (Iterator<Network> it = throttled.iterator(); it.hasNext(); ) {
            Network n = it.next();
            if (--n.throttledWindowsLeft == 0) {
                n.throttled = false;
                it.remove();
            }
        }
        long busy = 0;
        for (Network n : active) {
            busy += n.busyNanos;
        }
        boolean contended = active.size() >= 2 && busy >= elapsed * LOADED;
        double equalShare = busy / (double) Math.max(1, active.size());
        double cap = Math.min(elapsed, WINDOW_NANOS * 2) * maxShare; // a long idle gap is no credit
        for (Network n : active) {
            if (n.throttled) {
                continue; // its frames were dropped at the door: this window says nothing of what it would take
            }
            boolean expensive = n.workInWindow > n.framesInWindow * EXPENSIVE_WORK;
            double allowed = contended ? Math.min(cap, equalShare * OVER_EQUAL_SHARE) : cap;
            boolean over = expensive && n.busyNanos > allowed;
            n.windowsOver = over ? n.windowsOver + 1 : 0;
            if (n.windowsOver >= WINDOWS_OVER) {
                // Held back as many windows as it took of what it was allowed, so that over time it gets about that
                // share: a network ten times over its share waits nine windows.
                n.throttled = true;
                n.throttledWindowsLeft = (int) Math.max(1, Math.min(MAX_THROTTLED_WINDOWS, n.busyNanos / allowed - 1));
                throttled.add(n);
            }
        }
    }
}
