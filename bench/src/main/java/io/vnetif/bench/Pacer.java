package io.vnetif.bench;

/**
 * Spaces sends evenly at an offered rate, so loss can be read against offered load; rate 0 means no
 * pacing (as fast as the sender can: what that measures is overload). Spins rather than sleeps: sleeps
 * are far coarser than the gaps (a few microseconds) at these rates. A sender that falls behind sends
 * the backlog at once, so the offered count stays what was asked for.
 */
final class Pacer {
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long sent;

    Pacer(double framesPerSecond) {
        this.intervalNanos = framesPerSecond <= 0 ? 0 : Math.round(1e9 / framesPerSecond);
    }

    /** Waits until the next frame is due. */
    void awaitNext() {
        long due = start + sent++ * intervalNanos;
        while (System.nanoTime() < due) {
            Thread.onSpinWait();
        }
    }
}
