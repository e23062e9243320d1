package io.vnetif.netstack.stats;

import io.vnetif.netstack.wire.Ipv4Address;

/**
 * One connection as {@code ss -ti} shows it: endpoints and state, the congestion control and its windows,
 * the RTT estimate, the negotiated options, and its counts. A snapshot; durations in nanoseconds.
 *
 * @param inFlight      bytes sent and not acknowledged
 * @param retransmits   segments sent again (timeouts, fast retransmits, recovery)
 * @param sendQueued    bytes in the send buffer (unacknowledged and unsent)
 * @param receiveQueued bytes received in order and not read yet
 */
public record TcpInfo(int localIp, int localPort, int remoteIp, int remotePort, TcpState state, String congestionControl, long cwnd,
                      long ssthresh, long srttNanos, long rttvarNanos, long rtoNanos, int mss, long sendWindow, long receiveWindow,
                      int sendWindowScale, int receiveWindowScale, boolean timestamps, boolean sack, long inFlight, long retransmits,
                      long segmentsIn, long segmentsOut, long bytesAcked, long bytesReceived, int sendQueued, int receiveQueued,
                      boolean inRecovery) {
    /** One line in the manner of {@code ss -ti}. */
    public String line() {
        return String.format("%-11s %s:%d -> %s:%d  %s wscale:%d,%d%s%s rto:%.1fms rtt:%.3f/%.3fms mss:%d cwnd:%d ssthresh:%s "
                        + "snd_wnd:%d rcv_wnd:%d unacked:%d retrans:%d segs_in:%d segs_out:%d bytes_acked:%d bytes_received:%d",
                state, Ipv4Address.text(localIp), localPort, Ipv4Address.text(remoteIp), remotePort, congestionControl, sendWindowScale,
                receiveWindowScale, timestamps ? " ts" : "", sack ? " sack" : "", rtoNanos / 1e6, srttNanos / 1e6, rttvarNanos / 1e6, mss,
                cwnd / Math.max(1, mss), ssthresh == Long.MAX_VALUE ? "-" : Long.toString(ssthresh / Math.max(1, mss)), sendWindow,
                receiveWindow, inFlight, retransmits, segmentsIn, segmentsOut, bytesAcked, bytesReceived);
    }
}
