package io.vnetif.netstack.tcp;

/**
 * The retransmission timeout of RFC 6298: SRTT and RTTVAR from round-trip samples, RTO = SRTT + 4 RTTVAR
 * clamped to [min, max], doubled on each timeout (exponential backoff) until a new sample. Samples come from
 * timestamps (RFC 7323 RTTM) or, without them, from one timed segment that was not retransmitted (Karn).
 */
final class RttEstimator {
    private final long minRtoNanos;
    private final long maxRtoNanos;
    private final long clockGranularityNanos;
    private long srtt;
    private long rttvar;
    private long rto;
    private boolean sampled;
    private int backoff;

    RttEstimator(long initialRtoNanos, long minRtoNanos, long maxRtoNanos, long clockGranularityNanos) {
        this.minRtoNanos = minRtoNanos;
        this.maxRtoNanos = maxRtoNanos;
        this.clockGranularityNanos = clockGranularityNanos;
        this.rto = Math.max(minRtoNanos, initialRtoNanos);
    }

    /** A round-trip sample (RFC 6298 §2.2 and §2.3). */
    void sample(long rttNanos) {
        long r = Math.max(rttNanos, 1);
        if (!sampled) {
            srtt = r;
            rttvar = r / 2;
            sampled = true;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;  // beta = 1/4
            srtt = (7 * srtt + r) / 8;                       // alpha = 1/8
        }
        backoff = 0;
        rto = clamp(srtt + Math.max(clockGranularityNanos, 4 * rttvar));
    }

    /** The retransmission timer expired: back off (RFC 6298 §5.5). */
    void timedOut() {
        backoff++;
        rto = clamp(rto * 2);
    }

    private long clamp(long nanos) {
        return Math.min(maxRtoNanos, Math.max(minRtoNanos, nanos));
    }

    long rtoNanos() {
        return rto;
    }

    /** The smoothed RTT, or 0 before the first sample. */
    long srttNanos() {
        return sampled ? srtt : 0;
    }

    long rttvarNanos() {
        return sampled ? rttvar : 0;
    }

    /** Timeouts since the last sample. */
    int backoff() {
        return backoff;
    }
}
