package io.vnetif.netstack.tcp;

/**
 * Reno's window (RFC 5681): slow start, then one segment per window of acknowledged bytes (byte counting);
 * a loss halves the flight. The NewReno recovery of RFC 6582 is the connection's.
 */
final class NewReno extends CongestionControl {
    private long bytesAckedInAvoidance;

    NewReno(int mss) {
        super(mss);
    }

    @Override
    String name() {
        return "newreno";
    }

    @Override
    protected void avoidance(long bytes, long srttNanos, long nowNanos) {
        bytesAckedInAvoidance += bytes;
        if (bytesAckedInAvoidance >= cwnd) {
            bytesAckedInAvoidance -= cwnd;
            cwnd += mss;
        }
    }

    @Override
    long lossDetected(long flightSize, long nowNanos) {
        ssthresh = Math.max(flightSize / 2, 2L * mss);
        bytesAckedInAvoidance = 0;
        return ssthresh;
    }
}
