package io.vnetif.netstack.stats;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One connection as {@code ss -ti} shows it: endpoints and state, the congestion control and its windows,
 * the RTT estimate, the negotiated options, and its counts. A snapshot taken on the stack's thread.
 *
 * @param cwnd          the congestion window, in bytes
 * @param ssthresh      the slow-start threshold, in bytes ({@link Long#MAX_VALUE} before the first loss)
 * @param mss           the largest segment the peer takes (options included), in bytes
 * @param sendWindow    the window the peer advertised, in bytes
 * @param receiveWindow the window advertised to the peer, in bytes
 * @param inFlight      bytes sent and not acknowledged
 * @param retransmits   segments sent again (timeouts, fast retransmits, recovery)
 * @param sendQueued    bytes in the send buffer (unacknowledged and unsent)
 * @param receiveQueued bytes received in order and not read yet
 * @param inRecovery    whether loss recovery (fast recovery or SACK recovery) is under way
 */
public record TcpInfo(InetSocketAddress local, InetSocketAddress remote, TcpState state, String congestionControl, long cwnd,
                      long ssthresh, Duration srtt, Duration rttvar, Duration rto, int mss, long sendWindow, long receiveWindow,
                      int sendWindowScale, int receiveWindowScale, boolean timestamps, boolean sack, long inFlight, long retransmits,
                      long segmentsIn, long segmentsOut, long bytesAcked, long bytesReceived, int sendQueued, int receiveQueued,
                      boolean inRecovery) {
    /** One line in the manner of {@code ss -ti}. */
    public String line() {
        return String.format("%-11s %s -> %s  %s wscale:%d,%d%s%s rto:%.1fms rtt:%.3f/%.3fms mss:%d cwnd:%d ssthresh:%s "
                        + "snd_wnd:%d rcv_wnd:%d unacked:%d retrans:%d segs_in:%d segs_out:%d bytes_acked:%d bytes_received:%d",
                state, text(local), text(remote), congestionControl, sendWindowScale, receiveWindowScale, timestamps ? " ts" : "",
                sack ? " sack" : "", rto.toNanos() / 1e6, srtt.toNanos() / 1e6, rttvar.toNanos() / 1e6, mss, cwnd / Math.max(1, mss),
                ssthresh == Long.MAX_VALUE ? "-" : Long.toString(ssthresh / Math.max(1, mss)), sendWindow, receiveWindow, inFlight,
                retransmits, segmentsIn, segmentsOut, bytesAcked, bytesReceived);
    }

    /** {@code address:port}, an IPv6 address in brackets (as {@code ss} prints it). */
    private static String text(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
