package io.vnetif.netstack.tcp;

/**
 * CUBIC (RFC 9438): after a loss the window follows W(t) = C (t - K)^3 + W_max, concave up to the window
 * of the last loss and convex beyond it, independent of the RTT; in the Reno-friendly region it grows at
 * least as fast as Reno would (W_est). Fast convergence lowers W_max when losses come at ever smaller
 * windows. Windows here are in segments (as the RFC writes them), kept as doubles.
 */
final class Cubic extends CongestionControl {
    private static final double C = 0.4;
    private static final double BETA = 0.7;
    /** RFC 9438 §4.3: the Reno-friendly window's additive increase, 3 (1 - beta) / (1 + beta). */
    private static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);

    private double wMax;
    private double k;
    private double wEst;
    /** Start of the current congestion-avoidance epoch, or -1 before its first ACK. */
    private long epochStartNanos = -1;

    Cubic(int mss) {
        super(mss);
    }

    @Override
    String name() {
        return "cubic";
    }

    @Override
    protected void avoidance(long bytes, long srttNanos, long nowNanos) {
        double segments = (double) cwnd / mss;
        if (epochStartNanos < 0) {
            epochStartNanos = nowNanos;
            if (wMax < segments) { // no loss yet, or the window passed W_max: the plateau starts here
                wMax = segments;
                k = 0;
            } else {
                k = Math.cbrt(wMax * (1 - BETA) / C);
            }
            wEst = segments;
        }
        double t = (nowNanos - epochStartNanos + srttNanos) / 1e9; // where the window should be one RTT from now
        double target = C * Math.pow(t - k, 3) + wMax;
        target = Math.max(segments, Math.min(target, 1.5 * segments)); // RFC 9438 §4.2: target in [cwnd, 1.5 cwnd]
        double ackedSegments = (double) bytes / mss;
        wEst += ALPHA * ackedSegments / segments;
        double next = wEst > target ? wEst : segments + (target - segments) / segments * ackedSegments;
        cwnd = Math.max(cwnd, (long) (next * mss));
    }

    @Override
    long lossDetected(long flightSize, long nowNanos) {
        double segments = (double) cwnd / mss;
        // Fast convergence (§4.7): a loss below the last W_max releases bandwidth for newer flows.
        wMax = segments < wMax ? segments * (1 + BETA) / 2 : segments;
        ssthresh = Math.max((long) (cwnd * BETA), 2L * mss);
        epochStartNanos = -1;
        return ssthresh;
    }
}
