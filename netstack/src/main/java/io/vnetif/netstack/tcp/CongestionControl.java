package io.vnetif.netstack.tcp;

/**
 * How a connection's congestion window grows and shrinks, in bytes. Loss detection and recovery (which
 * segment goes when) are the connection's; an algorithm only answers how large the window is. Confined to
 * the stack's thread.
 */
abstract class CongestionControl {
    protected final int mss;
    protected long cwnd;
    protected long ssthresh = Long.MAX_VALUE;

    CongestionControl(int mss) {
        this.mss = mss;
        // RFC 6928's initial window: min(10 MSS, max(2 MSS, 14600 bytes)).
        this.cwnd = Math.min(10L * mss, Math.max(2L * mss, 14_600));
    }

    /** The algorithm's name, as connection listings show it. */
    abstract String name();

    long cwnd() {
        return cwnd;
    }

    long ssthresh() {
        return ssthresh;
    }

    boolean inSlowStart() {
        return cwnd < ssthresh;
    }

    /**
     * New data was acknowledged outside loss recovery: grow. Slow start counts bytes (RFC 3465, at most
     * 2 MSS per ACK); congestion avoidance is the algorithm's.
     *
     * @param srttNanos the smoothed RTT now (0 before a sample)
     */
    final void acked(long bytes, long srttNanos, long nowNanos) {
        if (inSlowStart()) {
            cwnd += Math.min(bytes, 2L * mss);
            return;
        }
        avoidance(bytes, srttNanos, nowNanos);
    }

    /** Congestion avoidance: the window's growth per acknowledged bytes. */
    protected abstract void avoidance(long bytes, long srttNanos, long nowNanos);

    /**
     * A loss found by duplicate ACKs or SACK (a congestion event): sets ssthresh and returns it; the
     * connection sets the window for recovery from it.
     */
    abstract long lossDetected(long flightSize, long nowNanos);

    /** The retransmission timer expired: ssthresh as for a loss, and the window down to one segment (RFC 5681 §3.1). */
    final void timedOut(long flightSize, long nowNanos) {
        lossDetected(flightSize, nowNanos);
        cwnd = mss;
    }

    /** Sets the window (recovery sets it to ssthresh, inflates and deflates it). */
    void setCwnd(long bytes) {
        cwnd = Math.max(mss, bytes);
    }
}
