package io.vnetif.netstack.tcp;

import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.stats.TcpInfo;
import io.vnetif.netstack.stats.TcpState;
import io.vnetif.netstack.time.TimerWheel;
import io.vnetif.netstack.wire.IpAddress;
import io.vnetif.netstack.wire.TcpHeader;
import io.vnetif.netstack.wire.TcpOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One TCP connection: its control block and the RFC 9293 state machine, with RFC 6298 retransmission,
 * RFC 7323 window scaling and timestamps (RTTM, PAWS), RFC 2018 SACK with RFC 6675 loss recovery, RFC 5681
 * and RFC 6582 fast retransmit and NewReno recovery, CUBIC (RFC 9438) or NewReno windows, zero-window
 * probes, silly-window avoidance, Nagle, delayed ACKs, keepalive and RFC 5961's defences.
 *
 * <p>Threading: protocol state changes on the stack's thread only. A socket's threads touch the buffers
 * ({@link #write}, {@link #read}) and ask for what only the stack may do ({@link #requestClose}, ...) under
 * {@link #lock}, which the stack holds too while it works on the connection; {@link #changed} wakes them
 * when data, room, a state or an error arrives, and they wake the stack through the layer's kick.
 */
public final class TcpConnection {
    private static final int NONE = Integer.MIN_VALUE;
    /** Duplicate ACKs that start fast retransmit (RFC 5681). */
    private static final int DUP_THRESH = 3;
    /** The peer's MSS when its SYN names none (RFC 9293 §3.7.1). */
    private static final int DEFAULT_MSS = 536;
    /** The least time between ACKs answering unacceptable segments without data. */
    private static final long OUT_OF_WINDOW_ACK_INTERVAL = 500_000_000L;
    /** Timestamp clock: 1 ms per tick, as RFC 7323 §5.4 wants for PAWS. */
    private static final long TS_TICK_NANOS = 1_000_000;
    /** RFC 7323 §5.5: a TS.Recent older than 24 days is invalid. */
    private static final long PAWS_IDLE_NANOS = 24L * 24 * 3600 * 1_000_000_000L;

    final TcpLayer layer;
    final TcpConfig config;
    final IpAddress local;
    final int localPort;
    final IpAddress remote;
    final int remotePort;
    /** The listener that made this connection, until the application accepted it; null for active opens. */
    TcpListener listener;

    /** Held by whoever touches the connection: the stack's thread, or a socket's thread for the buffers. */
    public final ReentrantLock lock = new ReentrantLock();
    /** Signalled when data, room, a new state or an error arrives. */
    public final Condition changed = lock.newCondition();
    /** Told what {@link #changed} is told, for event-driven users that wait on no condition; null: nobody. */
    private Runnable watcher;

    private TcpState state;
    private IOException error;

    // --- send sequence space (RFC 9293 §3.3.1) ---
    private int iss;
    private int sndUna;
    private int sndNxt;
    /** The highest sequence number sent plus one: SND.NXT goes back to SND.UNA after a timeout, this does not. */
    private int sndMax;
    private long sndWnd;
    private long maxSndWnd;
    private int sndWl1;
    private int sndWl2;
    private int sndWscale;
    private int sndMss = DEFAULT_MSS;
    private final SendBuffer send;
    private boolean finRequested;
    private boolean finSent;

    // --- receive sequence space ---
    private int irs;
    private int rcvNxt;
    private final ReceiveBuffer receive;
    private int rcvWscale;
    /** The right edge of the window last advertised: it never moves left (RFC 9293 §3.8.6.2.2). */
    private int rcvAdvertisedRight;
    private int lastAckSent;
    private boolean finReceived;
    /** Position of a FIN that arrived before all data before it. */
    private long outOfOrderFinPosition = -1;
    private boolean readerClosed;
    private boolean inputShutdown;

    // --- options ---
    private boolean windowScaleOk;
    private boolean timestampsOk;
    private boolean sackOk;
    private int tsRecent;
    private long tsRecentNanos;
    private final int tsOffset;
    /** Our timestamp clock when the connection began: no echo of ours can be older. */
    private final int tsAtOpen;
    private boolean noDelay;
    private boolean keepAlive;
    /** Set by a socket that needs the stack to look at this connection; cleared when the stack does. */
    private final java.util.concurrent.atomic.AtomicBoolean servicePending = new java.util.concurrent.atomic.AtomicBoolean();

    // --- acknowledgment ---
    /** Bytes received in order since our last ACK. */
    private long bytesUnacked;
    private boolean ackNow;

    // --- retransmission and congestion ---
    private final RttEstimator rtt;
    private int retransmits;
    private int timedSeq = NONE;
    private long timedAtNanos;
    private final CongestionControl cc;
    private boolean inRecovery;
    private int recoverSeq;
    private int dupAcks;
    /** Stream position of SND.UNA, so SACK ranges are kept in 64-bit positions that never wrap. */
    private long unaPosition;
    private final Ranges sacked;
    /** RFC 6675 HighRxt, as a position: retransmissions of this recovery went up to here. */
    private long rxtPosition;
    private int persistBackoff;
    private int keepaliveProbesSent;
    private long lastReceivedNanos;

    // --- statistics ---
    private long segmentsOut;
    private long segmentsIn;
    private long retransmittedSegments;
    private long bytesAcked;
    private long bytesReceived;

    private final Timer retransmitTimer = new Timer(this::retransmitTimeout);
    private final Timer delayedAckTimer = new Timer(this::delayedAckTimeout);
    private final Timer keepaliveTimer = new Timer(this::keepaliveTimeout);
    private final Timer closeTimer = new Timer(this::closeTimeout);
    /** Whether the retransmit timer is a persist (zero-window probe) timer now. */
    private boolean persisting;
    /** Zero-window probes sent since the peer last sent an acceptable ACK. */
    private int probesUnanswered;
    /** Set while the persist timer sends into a window smaller than silly window avoidance allows. */
    private boolean swsOverride;
    /** When an ACK last answered an unacceptable segment without data (Long.MIN_VALUE / 2: never). */
    private long lastOutOfWindowAckNanos = Long.MIN_VALUE / 2;

    /** A timer of this connection: runs its action under the lock. */
    private final class Timer extends TimerWheel.Timer {
        private final java.util.function.LongConsumer action;

        Timer(java.util.function.LongConsumer action) {
            this.action = action;
        }

        @Override
        protected void expired(long nowNanos) {
            lock.lock();
            try {
                if (state != TcpState.CLOSED) {
                    action.accept(nowNanos);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    TcpConnection(TcpLayer layer, IpAddress local, int localPort, IpAddress remote, int remotePort, TcpState initial, int iss, long nowNanos) {
        this.layer = layer;
        this.config = layer.config();
        this.local = local;
        this.localPort = localPort;
        this.remote = remote;
        this.remotePort = remotePort;
        this.state = initial;
        this.iss = iss;
        this.sndUna = iss;
        this.sndNxt = iss;
        this.sndMax = iss;
        this.send = new SendBuffer(config.sendBuffer());
        this.receive = new ReceiveBuffer(config.receiveBuffer(), config.maxOutOfOrderHoles());
        this.sacked = new Ranges(config.maxOutOfOrderHoles());
        this.rtt = new RttEstimator(config.initialRto(), config.minRto(), config.maxRto(), TS_TICK_NANOS);
        this.rcvWscale = config.receiveWindowScale();
        this.tsOffset = iss; // a per-connection base hides the host's uptime (RFC 7323 §7.1)
        this.tsAtOpen = tsNow(nowNanos);
        int mss = layer.mssFor(remote);
        this.sndMss = Math.min(mss, DEFAULT_MSS);
        this.cc = config.newCongestionControl(mss);
        this.lastReceivedNanos = nowNanos;
    }

    // ===================================================================== opening

    /** Active open: sends the SYN (the layer registered the connection). */
    void connect(long nowNanos) {
        layer.counters().increment(Counter.TCP_ACTIVE_OPENS);
        sendSyn(nowNanos);
    }

    /** Passive open: a SYN arrived at a listener; answers SYN-ACK (RFC 9293 §3.10.7.2). */
    void acceptSyn(Segment seg, TcpListener from, long nowNanos) {
        listener = from;
        irs = seg.seq;
        rcvNxt = seg.seq + 1;
        negotiate(seg.options);
        tsRecentFromSyn(seg);
        sndWnd = seg.window; // never scaled in a SYN
        maxSndWnd = sndWnd;
        sndWl1 = seg.seq;
        sndWl2 = seg.ack;
        sendSyn(nowNanos);
    }

    /**
     * The peer's ACK returned a SYN cookie (the layer checked it): the handshake whose state was never kept
     * completes now, with the cookie's MSS and none of the options a cookie cannot hold.
     */
    void acceptCookie(Segment seg, TcpListener from, int mss, long nowNanos) {
        listener = from;
        irs = seg.seq - 1;
        rcvNxt = seg.seq;
        TcpOptions cookie = new TcpOptions();
        cookie.read(new byte[0], 0, 0); // no options: the defaults of a segment without any
        cookie.mss = mss;
        negotiate(cookie);
        sndNxt = iss + 1; // as if our SYN-ACK had been kept: the segment acknowledges it
        sndMax = iss + 1;
        rcvAdvertisedRight = rcvNxt + layer.cookieWindow();
        onSegment(seg, nowNanos);
    }

    private void negotiate(TcpOptions o) {
        sndMss = Math.max(64, Math.min(o.mss > 0 ? o.mss : DEFAULT_MSS, layer.mssFor(remote)));
        if (config.windowScaling() && o.windowScale >= 0) {
            windowScaleOk = true;
            sndWscale = o.windowScale;
        } else {
            sndWscale = 0;
            rcvWscale = 0;
        }
        timestampsOk = config.timestamps() && o.timestamps;
        sackOk = config.sack() && o.sackPermitted;
    }

    private void sendSyn(long nowNanos) {
        boolean synAck = state == TcpState.SYN_RECEIVED;
        emit(iss, TcpHeader.SYN | (synAck ? TcpHeader.ACK : 0), 0, 0, true, nowNanos);
        sndNxt = iss + 1;
        sndMax = iss + 1;
        timedSeq = iss; // the handshake's round trip is the first sample, unless the SYN goes again (Karn)
        timedAtNanos = nowNanos;
        armRetransmit(nowNanos);
    }

    // ===================================================================== segment arrival

    /** A segment for this connection (RFC 9293 §3.10.7.3 and §3.10.7.4); the layer holds the lock. */
    void onSegment(Segment seg, long nowNanos) {
        segmentsIn++;
        lastReceivedNanos = nowNanos;
        keepaliveProbesSent = 0;
        if (state == TcpState.SYN_SENT) {
            synSent(seg, nowNanos);
            return;
        }
        if (crossingSynAck(seg)) {
            // Simultaneous open (RFC 9293 §3.5, figure 8, line 6): the peer's SYN-ACK. Its SYN is one we
            // acknowledged already, so the window test would drop it; its ACK completes our handshake
            // (Linux accepts it the same way in tcp_validate_incoming).
            establish(nowNanos);
            processAck(seg, nowNanos);
            sndWnd = seg.window; // unscaled in a SYN
            maxSndWnd = Math.max(maxSndWnd, sndWnd);
            return;
        }
        if (state == TcpState.SYN_RECEIVED && seg.has(TcpHeader.SYN) && !seg.has(TcpHeader.ACK) && seg.seq == irs) {
            // The peer's SYN again: our SYN-ACK was lost. Answer now, as Linux does, not on our own backed-off
            // timer: after a few losses that fires only when the peer has given up (both back off alike).
            retransmittedSegments++;
            layer.counters().increment(Counter.TCP_RETRANSMITS);
            timedSeq = NONE; // Karn: the answer's ACK could be to either SYN-ACK
            emit(iss, TcpHeader.SYN | TcpHeader.ACK, 0, 0, true, nowNanos);
            return;
        }
        if (!acceptable(seg, nowNanos)) {
            return;
        }
        if (seg.has(TcpHeader.RST)) {
            reset(seg, nowNanos);
            return;
        }
        if (seg.has(TcpHeader.SYN)) {
            // RFC 5961 §4: a SYN on a synchronized connection could be blind injection: challenge, drop.
            layer.counters().increment(Counter.DROP_TCP_SYN_IN_WINDOW);
            challengeAck(nowNanos);
            return;
        }
        if (!seg.has(TcpHeader.ACK)) {
            layer.counters().increment(Counter.DROP_TCP_NO_ACK);
            return;
        }
        if (state == TcpState.SYN_RECEIVED) {
            if (Seq.lt(sndUna, seg.ack) && Seq.le(seg.ack, sndNxt)) {
                if (listener != null && !listener.hasRoom()) {
                    // The accept queue is full: stay half-open; the SYN-ACK goes again and the peer's ACK with it.
                    layer.counters().increment(Counter.DROP_TCP_ACCEPT_QUEUE_FULL);
                    return;
                }
                establish(nowNanos);
                sndWnd = (long) seg.window << sndWscale;
                sndWl1 = seg.seq;
                sndWl2 = seg.ack;
            } else {
                layer.sendReset(local, remote, remotePort, localPort, seg.ack, 0, false);
                return;
            }
        }
        if (!processAck(seg, nowNanos)) {
            return;
        }
        updateTsRecent(seg);
        if (seg.dataLength > 0 || seg.has(TcpHeader.FIN)) {
            receiveText(seg, nowNanos);
        }
        output(nowNanos);
        scheduleKeepalive(nowNanos);
    }

    private void synSent(Segment seg, long nowNanos) {
        boolean ackAcceptable = seg.has(TcpHeader.ACK) && Seq.gt(seg.ack, iss) && Seq.le(seg.ack, sndNxt);
        if (seg.has(TcpHeader.ACK) && !ackAcceptable) {
            if (!seg.has(TcpHeader.RST)) {
                layer.sendReset(local, remote, remotePort, localPort, seg.ack, 0, false);
            }
            layer.counters().increment(Counter.DROP_TCP_BAD_ACK);
            return;
        }
        if (seg.has(TcpHeader.RST)) {
            if (ackAcceptable) { // RFC 5961 §3.2: a reset in SYN-SENT must acknowledge our SYN
                layer.counters().increment(Counter.TCP_FAILED_CONNECTS);
                fail(new ConnectException("connection refused by " + remote.withPort(remotePort)));
            } else {
                layer.counters().increment(Counter.DROP_TCP_RST_NOT_EXACT);
            }
            return;
        }
        if (!seg.has(TcpHeader.SYN)) {
            return;
        }
        irs = seg.seq;
        rcvNxt = seg.seq + 1;
        negotiate(seg.options);
        tsRecentFromSyn(seg);
        if (ackAcceptable) {
            if (timedSeq == iss) {
                rtt.sample(nowNanos - timedAtNanos);
            }
            timedSeq = NONE;
            ackedSynOrFin(seg.ack, nowNanos);
            layer.timers().cancel(retransmitTimer);
            sndWnd = seg.window; // unscaled in a SYN-ACK
            maxSndWnd = sndWnd;
            sndWl1 = seg.seq;
            sndWl2 = seg.ack;
            establish(nowNanos);
            ackNow = true;
            output(nowNanos);
        } else {
            // Simultaneous open (RFC 9293 §3.5): both sent SYNs.
            state = TcpState.SYN_RECEIVED;
            sndWnd = seg.window;
            sndWl1 = seg.seq;
            sndWl2 = seg.ack;
            emit(iss, TcpHeader.SYN | TcpHeader.ACK, 0, 0, true, nowNanos);
        }
    }

    private void establish(long nowNanos) {
        state = TcpState.ESTABLISHED;
        retransmits = 0;
        rcvAdvertisedRight = rcvNxt + advertisableWindow();
        if (listener != null) {
            layer.counters().increment(Counter.TCP_PASSIVE_OPENS);
            listener.established(this);
        }
        scheduleKeepalive(nowNanos);
        signal();
    }

    /**
     * Timestamps (PAWS, RFC 7323 §5.3) and the sequence test (RFC 9293 §3.10.7.4, first check); answers an
     * unacceptable segment with an ACK unless it is a reset.
     */
    private boolean acceptable(Segment seg, long nowNanos) {
        if (timestampsOk && seg.options.timestamps && !seg.has(TcpHeader.RST) && tsRecentNanos != 0
                && seg.options.tsVal - tsRecent < 0 && nowNanos - tsRecentNanos < PAWS_IDLE_NANOS) {
            layer.counters().increment(Counter.DROP_TCP_PAWS);
            answerUnacceptable(seg, nowNanos);
            return false;
        }
        int window = rcvWindowForAcceptance();
        int len = seg.sequenceLength();
        boolean ok;
        if (len == 0) {
            ok = window == 0 ? seg.seq == rcvNxt : Seq.inRange(seg.seq, rcvNxt, rcvNxt + window);
        } else {
            ok = window != 0 && (Seq.inRange(seg.seq, rcvNxt, rcvNxt + window) || Seq.inRange(seg.seq + len - 1, rcvNxt, rcvNxt + window));
        }
        if (!ok && state == TcpState.TIME_WAIT && seg.has(TcpHeader.FIN)) {
            // RFC 9293 §3.10.7.4: the peer's FIN again, so our last ACK was lost: acknowledge it again (below,
            // as for any old segment) and restart the 2 MSL wait.
            layer.timers().schedule(closeTimer, nowNanos + config.timeWait());
        }
        if (!ok) {
            layer.counters().increment(Counter.DROP_TCP_OUT_OF_WINDOW);
            if (!seg.has(TcpHeader.RST)) {
                answerUnacceptable(seg, nowNanos);
            }
        }
        return ok;
    }

    /**
     * An unacceptable segment is answered with an ACK that tells the peer where we are; for one without
     * data, at most one per {@link #OUT_OF_WINDOW_ACK_INTERVAL} (Linux's tcp_invalid_ratelimit): two ends
     * that each find the other's ACKs out of window would otherwise bounce ACKs forever.
     */
    private void answerUnacceptable(Segment seg, long nowNanos) {
        if (seg.dataLength == 0 && !seg.has(TcpHeader.FIN)) {
            if (nowNanos - lastOutOfWindowAckNanos < OUT_OF_WINDOW_ACK_INTERVAL) {
                layer.counters().increment(Counter.TCP_OUT_OF_WINDOW_ACKS_SKIPPED);
                return;
            }
            lastOutOfWindowAckNanos = nowNanos;
        }
        ackNow = true;
        output(nowNanos);
    }

    private boolean crossingSynAck(Segment seg) {
        return state == TcpState.SYN_RECEIVED && listener == null && seg.has(TcpHeader.SYN) && seg.has(TcpHeader.ACK)
                && !seg.has(TcpHeader.RST) && seg.seq + 1 == rcvNxt && seg.ack == sndNxt;
    }

    /** The window the peer may send into: what we advertised (which never shrinks), at least one byte past RCV.NXT for a FIN. */
    private int rcvWindowForAcceptance() {
        return Math.max(rcvAdvertisedRight - rcvNxt, 0);
    }

    private void reset(Segment seg, long nowNanos) {
        if (seg.seq != rcvNxt) {
            // RFC 5961 §3.2: a reset in the window but not at RCV.NXT may be blind: challenge it.
            layer.counters().increment(Counter.DROP_TCP_RST_NOT_EXACT);
            challengeAck(nowNanos);
            return;
        }
        layer.counters().increment(Counter.TCP_RESETS_IN);
        if (state == TcpState.SYN_RECEIVED && listener != null) {
            close(null); // back to LISTEN for the listener: this half-open connection simply goes
            return;
        }
        if (state == TcpState.TIME_WAIT || state == TcpState.CLOSING || state == TcpState.LAST_ACK) {
            close(null);
            return;
        }
        fail(new SocketException("connection reset by " + remote.withPort(remotePort)));
    }

    private void challengeAck(long nowNanos) {
        if (layer.takeChallengeAck(nowNanos)) {
            layer.counters().increment(Counter.TCP_CHALLENGE_ACKS);
            ackNow = true;
            output(nowNanos);
        }
    }

    /**
     * The ACK field (RFC 9293 §3.10.7.4, fifth check, with RFC 5961 §5's range): new data acknowledged,
     * duplicate ACKs, SACK, the send window; state changes when our FIN is acknowledged.
     *
     * @return false when the segment is dropped
     */
    private boolean processAck(Segment seg, long nowNanos) {
        int ack = seg.ack;
        if (Seq.gt(ack, sndMax)) {
            layer.counters().increment(Counter.DROP_TCP_BAD_ACK);
            ackNow = true;
            output(nowNanos);
            return false;
        }
        if (Seq.lt(ack, sndUna - (int) Math.min(maxSndWnd, Integer.MAX_VALUE))) {
            layer.counters().increment(Counter.DROP_TCP_BAD_ACK); // too old: RFC 5961 §5.2
            ackNow = true;
            output(nowNanos);
            return false;
        }
        probesUnanswered = 0;
        boolean advanced = Seq.gt(ack, sndUna);
        long window = (long) seg.window << sndWscale;
        boolean windowChanged = window != sndWnd;
        if (sackOk && seg.options.sackBlocks > 0) {
            readSack(seg.options);
        }
        if (Seq.gt(ack, sndUna)) {
            newAck(seg, ack, nowNanos);
        } else if (ack == sndUna && seg.dataLength == 0 && !seg.has(TcpHeader.FIN) && !windowChanged && Seq.gt(sndMax, sndUna)
                && !persisting) { // answers to zero-window probes are not a sign of loss
            duplicateAck(nowNanos);
        }
        // The send window (RFC 9293 §3.10.7.4): from the newest segment only.
        // An ACK that moves SND.UNA is the newest the peer sent, even on a retransmission older than SND.WL1
        // (one that fills a hole); keeping the old window would move its right edge past what the peer offered,
        // and data sent there is dropped (Linux's tcp_may_update_window takes it too; BSD shrinks snd_wnd by the
        // bytes acknowledged).
        if (advanced || Seq.lt(sndWl1, seg.seq) || (sndWl1 == seg.seq && Seq.le(sndWl2, ack))) {
            sndWnd = window;
            maxSndWnd = Math.max(maxSndWnd, window);
            sndWl1 = seg.seq;
            sndWl2 = ack;
            if (window > 0 && persisting) {
                layer.timers().cancel(retransmitTimer);
                persisting = false;
                persistBackoff = 0;
                // A probe byte this ACK does not cover was dropped by the shut window: it leads what goes now.
                sndNxt = sndUna;
                armRetransmitIfOutstanding(nowNanos);
            }
        }
        return state != TcpState.CLOSED;
    }

    private void newAck(Segment seg, int ack, long nowNanos) {
        int acked = ack - sndUna;
        // RTT: a timed segment not retransmitted since (Karn), or the timestamp echo (RFC 7323 RTTM).
        if (timedSeq != NONE && Seq.gt(ack, timedSeq)) {
            rtt.sample(nowNanos - timedAtNanos);
            timedSeq = NONE;
        } else if (timestampsOk && seg.options.timestamps && seg.options.tsEcr != 0) {
            // Only an echo of a timestamp we could have sent: one from before this connection, or from the
            // future, is forged or corrupt, and one such sample would set the RTO for minutes.
            int ticks = tsNow(nowNanos) - seg.options.tsEcr;
            if (ticks >= 0 && seg.options.tsEcr - tsAtOpen >= 0) {
                rtt.sample(ticks * TS_TICK_NANOS);
            }
        }
        int dataAcked = ackedSynOrFin(ack, nowNanos);
        bytesAcked += dataAcked;
        retransmits = 0;
        if (inRecovery) {
            if (Seq.ge(ack, recoverSeq)) {
                // Full acknowledgment: recovery ends (RFC 6582 §3.2 step 3, RFC 6675 §5).
                inRecovery = false;
                long flight = sndMax - sndUna;
                cc.setCwnd(Math.min(cc.ssthresh(), Math.max(flight, sndMss) + sndMss));
            } else if (!sackOk) {
                // NewReno partial acknowledgment (RFC 6582 §3.2 step 4): the next hole goes at once.
                retransmitFirst(nowNanos);
                cc.setCwnd(cc.cwnd() - acked + (acked >= sndMss ? sndMss : 0));
            }
        } else if (dataAcked > 0) {
            cc.acked(dataAcked, rtt.srttNanos(), nowNanos);
        }
        dupAcks = 0;
        if (Seq.lt(sndNxt, sndUna)) {
            sndNxt = sndUna; // after a timeout SND.NXT went back; the peer had more than we resent
        }
        if (sndUna == sndMax) {
            layer.timers().cancel(retransmitTimer);
            persisting = false;
        } else {
            armRetransmit(nowNanos); // RFC 6298 §5.3: restart for the new head
        }
        signal(); // room in the send buffer
    }

    /**
     * SND.UNA moves to {@code ack}: drops acknowledged data and handles an acknowledged SYN or FIN.
     *
     * @return the data bytes acknowledged
     */
    private int ackedSynOrFin(int ack, long nowNanos) {
        int acked = ack - sndUna;
        int data = acked;
        if (Seq.inRange(iss, sndUna, ack)) {
            data--; // our SYN
        }
        boolean finAcked = finSent && Seq.ge(ack, finSequence() + 1) && Seq.lt(sndUna, finSequence() + 1);
        if (finAcked) {
            data--;
        }
        data = Math.min(data, send.length());
        send.consume(Math.max(data, 0));
        sndUna = ack;
        unaPosition += acked;
        sacked.dropBelow(unaPosition);
        if (finAcked) {
            ourFinAcked(nowNanos);
        }
        return Math.max(data, 0);
    }

    /** The sequence number our FIN has (or will have): after every byte of the send buffer. */
    private int finSequence() {
        return sndUna + send.length();
    }

    private void ourFinAcked(long nowNanos) {
        switch (state) {
            case FIN_WAIT_1 -> {
                state = TcpState.FIN_WAIT_2;
                if (readerClosed) {
                    layer.timers().schedule(closeTimer, nowNanos + config.finWait2Timeout());
                }
            }
            case CLOSING -> enterTimeWait(nowNanos);
            case LAST_ACK -> close(null);
            default -> {
            }
        }
        signal();
    }

    private void duplicateAck(long nowNanos) {
        dupAcks++;
        if (inRecovery) {
            if (!sackOk) {
                cc.setCwnd(cc.cwnd() + sndMss); // NewReno: each duplicate says a segment left the network
            }
            return;
        }
        if (dupAcks == DUP_THRESH || (sackOk && lostByScoreboard())) {
            enterRecovery(nowNanos);
        }
    }

    /** RFC 6675 §5 (a): enough SACKed above SND.UNA says the first segment is lost. */
    private boolean lostByScoreboard() {
        return sacked.bytesAbove(unaPosition) > (long) (DUP_THRESH - 1) * sndMss || sacked.count() >= DUP_THRESH;
    }

    private void enterRecovery(long nowNanos) {
        layer.counters().increment(Counter.TCP_FAST_RETRANSMITS);
        inRecovery = true;
        recoverSeq = sndMax;
        long flight = sndMax - sndUna;
        long ssthresh = cc.lossDetected(flight, nowNanos);
        rxtPosition = unaPosition;
        retransmitFirst(nowNanos);
        cc.setCwnd(sackOk ? ssthresh : ssthresh + (long) DUP_THRESH * sndMss);
    }

    /** Sends the first unacknowledged segment again (fast retransmit, NewReno partial ACK). */
    private void retransmitFirst(long nowNanos) {
        // Within the peer's window, but at least a byte: against a zero window this repeats the probe.
        int window = (int) Math.max(1, Math.min(sndWnd, Integer.MAX_VALUE));
        int length = Math.min(Math.min(sndMss - optionLength(true), window), segmentRoomAt(sndUna));
        if (length > 0 || finPendingAt(sndUna)) {
            sendData(sndUna, length, true, nowNanos);
            rxtPosition = Math.max(rxtPosition, unaPosition + length);
        }
    }

    private void readSack(TcpOptions o) {
        for (int b = 0; b < o.sackBlocks; b++) {
            int left = o.sackLeft[b];
            int right = o.sackRight[b];
            // Only blocks within what was sent and not yet cumulatively acknowledged (RFC 2018 §8).
            if (Seq.lt(left, right) && Seq.ge(left, sndUna) && Seq.le(right, sndMax)) {
                sacked.add(position(left), position(right));
            }
        }
        if (inRecovery || sacked.count() == 0) {
            return;
        }
        if (lostByScoreboard() && Seq.gt(sndMax, sndUna)) {
            // Loss shown by SACK before three duplicates were counted (e.g. ACKs lost).
            dupAcks = Math.max(dupAcks, DUP_THRESH - 1);
        }
    }

    private long position(int seq) {
        return unaPosition + (seq - sndUna);
    }

    private int seqAt(long position) {
        return sndUna + (int) (position - unaPosition);
    }

    /**
     * A SYN for a four-tuple in TIME-WAIT that starts a new incarnation (its sequence number beyond the old
     * one's, and with timestamps a newer timestamp), as RFC 6191 allows: the old connection goes, and the
     * caller hands the SYN to the listener.
     */
    boolean reopenedBy(Segment seg) {
        if (state != TcpState.TIME_WAIT || !seg.has(TcpHeader.SYN) || seg.has(TcpHeader.ACK) || seg.has(TcpHeader.RST)) {
            return false;
        }
        boolean newer = Seq.gt(seg.seq, rcvNxt)
                && (!timestampsOk || !seg.options.timestamps || seg.options.tsVal - tsRecent > 0);
        if (newer) {
            close(null);
        }
        return newer;
    }

    /**
     * A router said our segment from {@code seq} was too large (fragmentation needed; the IP layer lowered
     * the path MTU): the MSS follows, and the lost segment goes again at once (RFC 1191 §6.5).
     */
    void pathMtuLowered(int seq, long nowNanos) {
        int mss = layer.mssFor(remote);
        if (mss >= sndMss || !Seq.inRange(seq, sndUna, sndMax)) {
            return;
        }
        sndMss = Math.max(64, mss);
        sndNxt = sndUna;
        timedSeq = NONE;
        output(nowNanos);
    }

    // ===================================================================== receiving data

    private void receiveText(Segment seg, long nowNanos) {
        if (state == TcpState.TIME_WAIT) {
            if (seg.has(TcpHeader.FIN)) { // the peer lost our ACK of its FIN: again, and 2 MSL from now
                ackNow = true;
                layer.timers().schedule(closeTimer, nowNanos + config.timeWait());
            }
            return;
        }
        if (!state.canReceive()) {
            ackNow = true; // CLOSE-WAIT, CLOSING, LAST-ACK: the peer's FIN came already; a retransmission is acknowledged
            return;
        }
        int seq = seg.seq;
        int off = seg.dataOffset;
        int len = seg.dataLength;
        if (len > 0 && readerClosed) {
            // RFC 2525 §2.17: data for a connection its application closed: reset, so the sender learns.
            layer.counters().increment(Counter.DROP_TCP_DATA_AFTER_CLOSE);
            layer.sendReset(local, remote, remotePort, localPort, sndNxt, 0, false);
            fail(new SocketException("data arrived after close"));
            return;
        }
        boolean cutAtRight = false;
        if (len > 0) {
            // Trim what lies before RCV.NXT (had already) and beyond the window.
            int before = rcvNxt - seq;
            if (before > 0) {
                off += before;
                len -= before;
                seq = rcvNxt;
            }
            int room = rcvWindowForAcceptance() - (seq - rcvNxt);
            if (len > room) {
                len = Math.max(room, 0);
                cutAtRight = true;
            }
            if (len > 0) {
                storeData(seq - rcvNxt, seg.frame, off, len, nowNanos);
            } else {
                ackNow = true; // a duplicate: the peer should learn where we are
            }
        }
        if (seg.has(TcpHeader.FIN) && !cutAtRight) {
            int finSeq = seg.seq + seg.dataLength;
            if (finSeq == rcvNxt) {
                peerFin(nowNanos);
            } else if (Seq.gt(finSeq, rcvNxt)) {
                outOfOrderFinPosition = receive.nextPosition() + (finSeq - rcvNxt);
                ackNow = true;
            }
        } else if (outOfOrderFinPosition >= 0 && outOfOrderFinPosition == receive.nextPosition()) {
            peerFin(nowNanos);
        }
    }

    /** Data for the receive buffer {@code offset} bytes past RCV.NXT; decides how soon to acknowledge. */
    private void storeData(int offset, byte[] frame, int off, int len, long nowNanos) {
        int advanced = receive.store(offset, frame, off, len);
        if (advanced < 0) {
            layer.counters().increment(Counter.DROP_TCP_OUT_OF_ORDER_FULL);
            ackNow = true;
            return;
        }
        rcvNxt += advanced;
        bytesReceived += advanced;
        if (inputShutdown) {
            receive.skip(receive.readable()); // shutdownInput: acknowledged, then discarded
        }
        if (offset > 0 || receive.outOfOrder().count() > 0 || advanced > len) {
            ackNow = true; // out of order, or filling a hole: ACK at once (RFC 5681 §4.2)
        } else if ((bytesUnacked += advanced) >= 2L * (sndMss - optionLength(false))) {
            ackNow = true; // at least every second full-sized segment (RFC 1122 §4.2.3.2, RFC 5681 §4.2)
        } else {
            scheduleDelayedAck(nowNanos);
        }
        if (advanced > 0) {
            signal();
        }
    }

    private void peerFin(long nowNanos) {
        if (finReceived) {
            ackNow = true;
            return;
        }
        finReceived = true;
        outOfOrderFinPosition = -1;
        rcvNxt++;
        ackNow = true;
        switch (state) {
            case ESTABLISHED, SYN_RECEIVED -> state = TcpState.CLOSE_WAIT;
            case FIN_WAIT_1 -> {
                if (finSent && sndUna == sndMax) {
                    enterTimeWait(nowNanos);
                } else {
                    state = TcpState.CLOSING;
                }
            }
            case FIN_WAIT_2 -> enterTimeWait(nowNanos);
            default -> {
            }
        }
        signal();
    }

    private void enterTimeWait(long nowNanos) {
        state = TcpState.TIME_WAIT;
        layer.timers().cancel(retransmitTimer);
        layer.timers().cancel(keepaliveTimer);
        layer.timers().schedule(closeTimer, nowNanos + config.timeWait());
        signal();
    }

    // ===================================================================== sending

    /**
     * Sends what may go now: retransmissions of loss recovery, new data within the windows, a FIN, and an
     * ACK when one is owed and nothing else carried it.
     */
    void output(long nowNanos) {
        if (state == TcpState.CLOSED || state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED) {
            if (ackNow && state == TcpState.SYN_RECEIVED) {
                ackNow = false;
            }
            return;
        }
        boolean sent = false;
        for (int guard = 0; guard < 1_000_000; guard++) {
            if (inRecovery && sackOk && sendRecoveryRetransmission(nowNanos)) {
                sent = true;
                continue;
            }
            int length = sendableNow();
            boolean fin = finPendingAt(sndNxt) && length == segmentRoomAt(sndNxt);
            if (length > 0 || (fin && !finAlreadyBeyond())) {
                sendData(sndNxt, length, Seq.lt(sndNxt, sndMax), nowNanos);
                sent = true;
                continue;
            }
            break;
        }
        if (!sent && (ackNow || windowUpdateDue())) {
            emit(ackSequence(), TcpHeader.ACK, 0, 0, false, nowNanos);
        }
        // Data waits and nothing is in flight, so no ACK will come to open the window: a zero window, or one
        // too small to use (RFC 9293's override timeout), whose update the peer may have lost. Probe later.
        if (!sent && send.length() > sndNxt - sndUna && sndUna == sndMax && !retransmitTimer.isScheduled()) {
            persisting = true;
            layer.timers().schedule(retransmitTimer, nowNanos + persistDelay());
        }
    }

    /**
     * The sequence number of a segment without data, one the peer's window test accepts: SND.MAX, not SND.NXT
     * (after a timeout SND.NXT went back, and an ACK numbered below what the peer already received is out of
     * its window, as BSD's tcp_output notes), unless SND.MAX lies past the window the peer offered (a
     * zero-window probe's byte, a window the peer shrank): then that window's right edge, as Linux's
     * tcp_acceptable_seq. A shut window accepts SEG.SEQ = RCV.NXT only, so an ACK after the probe byte is
     * dropped, and a peer whose reader waits on its writer (an echo) would never learn that its data arrived.
     */
    private int ackSequence() {
        int rightEdge = sndUna + (int) Math.min(sndWnd, Integer.MAX_VALUE);
        return Seq.le(sndMax, rightEdge) ? sndMax : rightEdge;
    }

    /** Whether our FIN was sent already at or before SND.NXT (so there is nothing new to send). */
    private boolean finAlreadyBeyond() {
        return finSent && Seq.gt(sndNxt, finSequence());
    }

    /** Whether a FIN should go after the data at {@code seq}: the writer shut output and this is the end. */
    private boolean finPendingAt(int seq) {
        return finRequested && (state == TcpState.FIN_WAIT_1 || state == TcpState.CLOSING || state == TcpState.LAST_ACK)
                && Seq.le(seq, finSequence());
    }

    /** Data bytes between {@code seq} and the end of the send buffer. */
    private int segmentRoomAt(int seq) {
        return Math.max(0, send.length() - (seq - sndUna));
    }

    /**
     * How many new bytes may leave from SND.NXT now: the send window, the congestion window less what is in
     * flight, the MSS, Nagle's algorithm and sender-side silly window avoidance (RFC 9293 §3.8.6.2.1).
     */
    private int sendableNow() {
        // After a timeout, skip data the peer SACKed: it need not go again.
        while (sackOk && Seq.lt(sndNxt, sndMax) && sacked.contains(position(sndNxt))) {
            sndNxt = seqAt(sacked.endOfRangeAt(position(sndNxt)));
        }
        int unsent = segmentRoomAt(sndNxt);
        if (unsent <= 0) {
            return 0;
        }
        long window = sndWnd - (sndNxt - sndUna);
        long congestion = cc.cwnd() - pipe();
        int mss = sndMss - optionLength(true);
        long limit = Math.min(Math.min(window, congestion), mss);
        if (sackOk && Seq.lt(sndNxt, sndMax)) {
            long nextSacked = sacked.nextStartAfter(position(sndNxt));
            limit = Math.min(limit, nextSacked - position(sndNxt));
        }
        int length = (int) Math.max(0, Math.min(limit, unsent));
        if (length == 0) {
            return 0;
        }
        boolean outstanding = sndMax != sndUna;
        boolean last = length == unsent;
        if (length < mss && !swsOverride) {
            if (!noDelay && outstanding && !(last && finRequested) && Seq.ge(sndNxt, sndMax)) {
                return 0; // Nagle (RFC 896): small data waits while data is unacknowledged
            }
            if (!last && length < maxSndWnd / 2 && Seq.ge(sndNxt, sndMax)) {
                return 0; // silly window: a small segment while more waits
            }
        }
        return length;
    }

    /**
     * Bytes in flight: RFC 6675's pipe in SACK recovery (unSACKed bytes not deemed lost, plus the lost ones
     * already retransmitted), else what is outstanding less what was SACKed.
     */
    private long pipe() {
        long high = position(sndMax);
        long outstanding = position(sndNxt) - unaPosition;
        if (!sackOk) {
            return Math.max(outstanding, 0);
        }
        if (!inRecovery) {
            return Math.max(0, outstanding - sacked.bytesWithin(unaPosition, position(sndNxt)));
        }
        long lostBelow = lostBoundary();
        long notLost = (high - lostBelow) - sacked.bytesWithin(lostBelow, high);
        long retransmitted = Math.max(0, Math.min(lostBelow, rxtPosition) - unaPosition)
                - sacked.bytesWithin(unaPosition, Math.min(lostBelow, rxtPosition));
        return Math.max(0, notLost + Math.max(0, retransmitted));
    }

    /**
     * RFC 6675 IsLost as a boundary: every unSACKed byte below it has more than (DupThresh - 1) MSS SACKed
     * above it, or DupThresh SACKed ranges.
     */
    private long lostBoundary() {
        long threshold = (long) (DUP_THRESH - 1) * sndMss;
        long above = 0;
        int ranges = 0;
        for (int i = sacked.count() - 1; i >= 0; i--) {
            long start = sacked.start(i);
            long end = sacked.end(i);
            ranges++;
            if (above + (end - start) > threshold) {
                return end - (threshold - above) - 1;
            }
            above += end - start;
            if (ranges >= DUP_THRESH) {
                return start;
            }
        }
        return unaPosition;
    }

    /** RFC 6675 NextSeg rule 1: the first lost, unSACKed, not yet retransmitted segment goes again. */
    private boolean sendRecoveryRetransmission(long nowNanos) {
        long lostBelow = lostBoundary();
        long from = Math.max(rxtPosition, unaPosition);
        while (from < lostBelow && sacked.contains(from)) {
            from = sacked.endOfRangeAt(from);
        }
        if (from >= lostBelow || from >= position(sndMax)) {
            return false;
        }
        int mss = sndMss - optionLength(true);
        long end = Math.min(Math.min(from + mss, sacked.nextStartAfter(from)), position(sndMax));
        int length = (int) Math.min(end - from, segmentRoomAt(seqAt(from)));
        if (length <= 0 || pipe() + length > cc.cwnd()) {
            return false;
        }
        sendData(seqAt(from), length, true, nowNanos);
        rxtPosition = from + length;
        return true;
    }

    /** Sends {@code length} bytes from {@code seq} (and the FIN when they end the stream). */
    private void sendData(int seq, int length, boolean retransmission, long nowNanos) {
        boolean fin = finPendingAt(seq) && length == segmentRoomAt(seq);
        int flags = TcpHeader.ACK | (fin ? TcpHeader.FIN : 0) | (length > 0 && length == segmentRoomAt(seq) ? TcpHeader.PSH : 0);
        emit(seq, flags, seq - sndUna, length, false, nowNanos);
        int end = seq + length + (fin ? 1 : 0);
        if (fin) {
            finSent = true;
        }
        if (retransmission || Seq.lt(seq, sndMax)) {
            retransmittedSegments++;
            layer.counters().increment(Counter.TCP_RETRANSMITS);
            if (timedSeq != NONE && Seq.le(seq, timedSeq)) {
                timedSeq = NONE; // Karn: an ambiguous sample is not taken
            }
        } else if (timedSeq == NONE && length > 0) {
            timedSeq = seq;
            timedAtNanos = nowNanos;
        }
        if (Seq.gt(end, sndNxt)) {
            sndNxt = end;
        }
        if (Seq.gt(end, sndMax)) {
            sndMax = end;
        }
        if (!retransmitTimer.isScheduled() || persisting) {
            persisting = false;
            armRetransmit(nowNanos);
        }
    }

    /** Whether the reader freed enough room that the peer should hear of it (receiver SWS avoidance). */
    private boolean windowUpdateDue() {
        if (!state.canReceive() && state != TcpState.CLOSE_WAIT) {
            return false;
        }
        int offered = rcvNxt + advertisableWindow() - rcvAdvertisedRight;
        return offered >= Math.min(receive.capacity() / 2, 2 * sndMss) && offered > 0;
    }

    /** The window to advertise now: the free room, rounded to the scale, not smaller than promised before. */
    private int advertisableWindow() {
        int free = receive.window();
        int maxWindow = 0xFFFF << rcvWscale;
        return Math.min(free, maxWindow) >>> rcvWscale << rcvWscale;
    }

    /** Bytes of options on a segment that is not a SYN: timestamps, and SACK blocks when we owe some. */
    private int optionLength(boolean withSack) {
        int length = timestampsOk ? 12 : 0;
        if (withSack && sackOk && receive.outOfOrder().count() > 0) {
            int blocks = Math.min(receive.outOfOrder().count(), timestampsOk ? 3 : 4);
            length += 4 + 8 * blocks;
        }
        return length;
    }

    /**
     * Builds and sends one segment: {@code length} bytes from {@code bufferOffset} of the send buffer, the
     * options of this connection, the window and ACK as they are now.
     */
    private void emit(int seq, int flags, int bufferOffset, int length, boolean syn, long nowNanos) {
        SegmentWriter out = layer.writer();
        byte[] f = out.buffer(remote);
        int at = out.offset(remote);
        int o = at + TcpHeader.MIN_LENGTH;
        if (syn) {
            o = TcpOptions.writeMss(f, o, layer.mssFor(remote));
            // A SYN offers what is configured; a SYN-ACK answers only what the SYN offered (RFC 7323, RFC 2018).
            if (config.windowScaling() && (state == TcpState.SYN_SENT || windowScaleOk)) {
                o = TcpOptions.writeWindowScale(f, o, rcvWscale);
            }
            if (config.sack() && (state == TcpState.SYN_SENT || sackOk)) {
                o = TcpOptions.writeSackPermitted(f, o);
            }
            if (config.timestamps() && (state == TcpState.SYN_SENT || timestampsOk)) {
                o = TcpOptions.writeTimestamps(f, o, tsNow(nowNanos), timestampsOk ? tsRecent : 0);
            }
        } else {
            if (timestampsOk) {
                o = TcpOptions.writeTimestamps(f, o, tsNow(nowNanos), tsRecent);
            }
            if (sackOk && receive.outOfOrder().count() > 0) {
                o = writeSackBlocks(f, o);
            }
        }
        int headerLength = o - at;
        if (length > 0) {
            send.copyOut(bufferOffset, f, o, length);
        }
        int window = 0;
        if (state != TcpState.SYN_SENT || (flags & TcpHeader.ACK) != 0) {
            int advertised = advertisableWindow();
            int right = rcvNxt + advertised;
            if (Seq.lt(right, rcvAdvertisedRight)) {
                right = rcvAdvertisedRight; // never shrink what was promised
            }
            window = syn ? Math.min(right - rcvNxt, 0xFFFF) : Math.min((right - rcvNxt) >>> rcvWscale, 0xFFFF);
            rcvAdvertisedRight = rcvNxt + (syn ? window : window << rcvWscale);
        } else {
            window = Math.min(advertisableWindow(), 0xFFFF);
        }
        int ack = (flags & TcpHeader.ACK) != 0 ? rcvNxt : 0;
        TcpHeader.write(f, at, localPort, remotePort, seq, ack, headerLength, flags, window);
        out.send(local, remote, headerLength + length);
        segmentsOut++;
        if ((flags & TcpHeader.ACK) != 0) {
            lastAckSent = rcvNxt;
            ackNow = false;
            bytesUnacked = 0;
            layer.timers().cancel(delayedAckTimer);
        }
    }

    /** SACK blocks for the out-of-order data held: the most recently changed first (RFC 2018 §4). */
    private int writeSackBlocks(byte[] f, int o) {
        Ranges ooo = receive.outOfOrder();
        int max = Math.min(ooo.count(), timestampsOk ? 3 : 4);
        int[] left = layer.sackLeft();
        int[] right = layer.sackRight();
        int n = 0;
        int first = ooo.lastTouched();
        if (first >= 0) {
            left[n] = seqOfReceivePosition(ooo.start(first));
            right[n] = seqOfReceivePosition(ooo.end(first));
            n++;
        }
        for (int i = ooo.count() - 1; i >= 0 && n < max; i--) {
            if (i != first) {
                left[n] = seqOfReceivePosition(ooo.start(i));
                right[n] = seqOfReceivePosition(ooo.end(i));
                n++;
            }
        }
        return TcpOptions.writeSack(f, o, left, right, n);
    }

    private int seqOfReceivePosition(long position) {
        return rcvNxt + (int) (position - receive.nextPosition());
    }

    private int tsNow(long nowNanos) {
        return (int) (nowNanos / TS_TICK_NANOS) + tsOffset;
    }

    /** RFC 7323 §4.3 (1): a SYN's TSval is the first TS.Recent (the window test below needs a first ACK). */
    private void tsRecentFromSyn(Segment seg) {
        if (timestampsOk) {
            tsRecent = seg.options.tsVal;
            tsRecentNanos = Math.max(1, layer.now());
        }
    }

    /** RFC 7323 §4.3: TS.Recent follows segments that reach the left window edge. */
    private void updateTsRecent(Segment seg) {
        if (timestampsOk && seg.options.timestamps && Seq.le(seg.seq, lastAckSent)
                && (tsRecentNanos == 0 || seg.options.tsVal - tsRecent >= 0)) {
            tsRecent = seg.options.tsVal;
            tsRecentNanos = Math.max(1, layer.now());
        }
    }

    // ===================================================================== timers

    private void armRetransmit(long nowNanos) {
        layer.timers().schedule(retransmitTimer, nowNanos + rtt.rtoNanos());
    }

    private void armRetransmitIfOutstanding(long nowNanos) {
        if (sndMax != sndUna) {
            armRetransmit(nowNanos);
        }
    }

    private long persistDelay() {
        long delay = rtt.rtoNanos() << Math.min(persistBackoff, 20);
        return Math.min(Math.max(delay, config.minRto()), config.maxRto());
    }

    private void retransmitTimeout(long nowNanos) {
        if (persisting) {
            zeroWindowProbe(nowNanos);
            return;
        }
        boolean handshake = state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED;
        int limit = handshake ? config.maxSynRetransmits() : config.maxRetransmits();
        if (++retransmits > limit) {
            layer.counters().increment(Counter.TCP_ABORTED_TIMEOUT);
            if (handshake) {
                layer.counters().increment(Counter.TCP_FAILED_CONNECTS);
            }
            if (!handshake || listener == null) {
                layer.sendReset(local, remote, remotePort, localPort, sndNxt, 0, false);
            }
            fail(handshake && listener == null
                    ? new SocketTimeoutException("connect to " + remote.withPort(remotePort) + " timed out after "
                            + retransmits + " SYNs")
                    : new SocketTimeoutException("connection to " + remote.withPort(remotePort) + " timed out: "
                            + (retransmits - 1) + " retransmissions unanswered"));
            return;
        }
        layer.counters().increment(Counter.TCP_TIMEOUTS);
        rtt.timedOut();
        timedSeq = NONE;
        if (handshake) {
            retransmittedSegments++;
            layer.counters().increment(Counter.TCP_RETRANSMITS);
            emit(iss, TcpHeader.SYN | (state == TcpState.SYN_RECEIVED ? TcpHeader.ACK : 0), 0, 0, true, nowNanos);
            armRetransmit(nowNanos);
            return;
        }
        // RFC 5681 §3.1, RFC 6675 §5.1: the window collapses to one segment and sending starts over at
        // SND.UNA (skipping what was SACKed).
        cc.timedOut(sndMax - sndUna, nowNanos);
        inRecovery = false;
        dupAcks = 0;
        recoverSeq = sndMax;
        sndNxt = sndUna;
        rxtPosition = unaPosition;
        armRetransmit(nowNanos);
        output(nowNanos);
        if (sndNxt == sndUna && sndMax != sndUna) {
            // Nothing left the window (e.g. a zero window): retransmit the head regardless.
            retransmitFirst(nowNanos);
        }
    }

    private void zeroWindowProbe(long nowNanos) {
        if (sndWnd > 0) {
            // A small window: the override timeout of sender silly window avoidance (RFC 9293 §3.8.6.2.1) sends
            // what fits rather than wait for an update that may never come.
            persisting = false;
            swsOverride = true;
            output(nowNanos);
            swsOverride = false;
            return;
        }
        // A peer that answers probes keeps the connection however long its window stays shut (RFC 1122
        // §4.2.2.17); one that answers nothing is gone, as after unanswered retransmissions.
        if (++probesUnanswered > config.maxRetransmits()) {
            layer.counters().increment(Counter.TCP_ABORTED_TIMEOUT);
            layer.sendReset(local, remote, remotePort, localPort, sndNxt, 0, false);
            fail(new SocketTimeoutException("connection to " + remote.withPort(remotePort) + " timed out: "
                    + (probesUnanswered - 1) + " zero-window probes unanswered"));
            return;
        }
        layer.counters().increment(Counter.TCP_ZERO_WINDOW_PROBES);
        // RFC 9293 §3.8.6.1: one byte past the window (the same byte again while it is unacknowledged); the
        // peer's ACK tells its window. The probes back off as retransmissions do.
        if (sndMax == sndUna) {
            emit(sndNxt, TcpHeader.ACK, sndNxt - sndUna, 1, false, nowNanos);
            sndNxt++;
            sndMax = sndNxt;
        } else {
            emit(sndUna, TcpHeader.ACK, 0, 1, false, nowNanos);
        }
        persistBackoff++;
        persisting = true;
        layer.timers().schedule(retransmitTimer, nowNanos + persistDelay());
    }

    private void scheduleDelayedAck(long nowNanos) {
        if (!delayedAckTimer.isScheduled()) {
            layer.timers().schedule(delayedAckTimer, nowNanos + config.delayedAck());
        }
    }

    private void delayedAckTimeout(long nowNanos) {
        ackNow = true;
        output(nowNanos);
    }

    private void scheduleKeepalive(long nowNanos) {
        if (keepAlive && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT)) {
            layer.timers().schedule(keepaliveTimer, lastReceivedNanos + config.keepaliveIdle());
        }
    }

    private void keepaliveTimeout(long nowNanos) {
        if (!keepAlive || !(state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT)) {
            return;
        }
        if (keepaliveProbesSent >= config.keepaliveProbes()) {
            layer.counters().increment(Counter.TCP_ABORTED_TIMEOUT);
            layer.sendReset(local, remote, remotePort, localPort, sndNxt, 0, false);
            fail(new SocketTimeoutException("connection to " + remote.withPort(remotePort) + " lost: "
                    + keepaliveProbesSent + " keepalive probes unanswered"));
            return;
        }
        // A probe is an ACK one byte before SND.NXT: old data the peer must answer with an ACK (RFC 1122 §4.2.3.6).
        layer.counters().increment(Counter.TCP_KEEPALIVE_PROBES);
        keepaliveProbesSent++;
        emit(sndUna - 1, TcpHeader.ACK, 0, 0, false, nowNanos);
        layer.timers().schedule(keepaliveTimer, nowNanos + config.keepaliveInterval());
    }

    private void closeTimeout(long nowNanos) {
        close(null); // TIME-WAIT's 2 MSL, or FIN-WAIT-2 of an orphan, ran out
    }

    // ===================================================================== ending

    /** The connection ends with {@code cause} for its socket (null: an orderly end). */
    private void fail(IOException cause) {
        error = cause;
        close(cause);
    }

    private void close(IOException cause) {
        if (state == TcpState.CLOSED) {
            return;
        }
        boolean wasHalfOpen = state == TcpState.SYN_RECEIVED;
        state = TcpState.CLOSED;
        if (cause != null && error == null) {
            error = cause;
        }
        layer.timers().cancel(retransmitTimer);
        layer.timers().cancel(delayedAckTimer);
        layer.timers().cancel(keepaliveTimer);
        layer.timers().cancel(closeTimer);
        layer.removed(this);
        TcpListener from = listener;
        if (from != null) {
            from.gone(this, wasHalfOpen);
        }
        signal();
    }

    /** Wakes the socket's threads waiting on {@link #changed}, and tells the watcher. */
    private void signal() {
        changed.signalAll();
        Runnable w = watcher;
        if (w != null) {
            w.run();
        }
    }

    // ===================================================================== the socket's side (under lock)

    /**
     * Sets who is told of every change {@link #changed} is signalled for (null: nobody). It runs on the thread
     * that made the change, under {@link #lock}: it must only hand the news on (set a flag, wake a thread).
     */
    public void watch(Runnable onChange) {
        watcher = onChange;
    }

    public TcpState state() {
        return state;
    }

    public int localPort() {
        return localPort;
    }

    public IpAddress remote() {
        return remote;
    }

    /** The stack's address of this connection. */
    public IpAddress local() {
        return local;
    }

    public int remotePort() {
        return remotePort;
    }

    /** Why the connection failed (reset, refused, timed out), or null. */
    public IOException error() {
        return error;
    }

    /** The error for a socket call: a new exception each time (its stack trace is the caller's), caused by the original. */
    private SocketException failure() {
        SocketException e = new SocketException(error.getMessage());
        e.initCause(error);
        return e;
    }

    /** Copies as much of the data as the send buffer takes; the caller kicks the stack after. */
    public int write(byte[] b, int off, int len) throws IOException {
        checkWritable();
        return send.write(b, off, len);
    }

    private void checkWritable() throws IOException {
        if (error != null) {
            throw failure();
        }
        if (finRequested || !state.canSend() && state != TcpState.SYN_SENT && state != TcpState.SYN_RECEIVED) {
            throw new SocketException("socket output is shut down");
        }
    }

    /** As {@link #write(byte[], int, int)}, from the remaining bytes of {@code src} (its position moves on). */
    public int write(java.nio.ByteBuffer src) throws IOException {
        checkWritable();
        return send.write(src);
    }

    /** Takes received bytes: the count, 0 when none are there yet, -1 at the end of the stream. */
    public int read(byte[] b, int off, int len) throws IOException {
        return readResult(receive.take(b, off, len));
    }

    /** As {@link #read(byte[], int, int)}, into the remaining room of {@code dst} (its position moves on). */
    public int read(java.nio.ByteBuffer dst) throws IOException {
        return readResult(receive.take(dst));
    }

    /** What a read that took {@code n} bytes returns: n, else the end of the stream (-1), an error, or 0. */
    private int readResult(int n) throws IOException {
        if (n > 0) {
            return n;
        }
        if (finReceived || inputShutdown) {
            return -1;
        }
        if (error != null) {
            throw failure();
        }
        return state == TcpState.CLOSED ? -1 : 0;
    }

    /** Whether a read would return at once: data, the end of the stream, or an error waits. */
    public boolean readable() {
        return receive.readable() > 0 || finReceived || inputShutdown || error != null || state == TcpState.CLOSED;
    }

    /** In-order bytes ready to read. */
    public int available() {
        return receive.readable();
    }

    /** Whether {@link #write} would take bytes now (room, or a state that makes it throw). */
    public boolean writable() {
        return send.free() > 0 || error != null || finRequested || state == TcpState.CLOSED;
    }

    /** Whether the handshake is done (or failed). */
    public boolean connectDone() {
        return state != TcpState.SYN_SENT && state != TcpState.SYN_RECEIVED;
    }

    /** Asks for a FIN after the data written (half-close); the stack sends it. */
    public void requestShutdownOutput() {
        if (finRequested) {
            return;
        }
        finRequested = true;
        if (state == TcpState.ESTABLISHED) {
            state = TcpState.FIN_WAIT_1;
        } else if (state == TcpState.CLOSE_WAIT) {
            state = TcpState.LAST_ACK;
        }
    }

    /** Discards what arrives from now on (reads end at once). */
    public void requestShutdownInput() {
        inputShutdown = true;
        receive.skip(receive.readable());
    }

    /**
     * The application closed the socket: unread data makes it an abort (RST, RFC 2525), else a FIN after
     * the data; with {@code abort} (SO_LINGER 0) always a reset.
     *
     * @return true when the connection must be reset by the stack
     */
    public boolean requestClose(boolean abort) {
        readerClosed = true;
        if (abort || receive.readable() > 0 || state == TcpState.SYN_SENT) {
            return true;
        }
        requestShutdownOutput();
        return false;
    }

    /** Resets the connection (the stack's thread): RST to the peer unless it never got past SYN-SENT. */
    void abort() {
        if (state == TcpState.CLOSED) {
            return;
        }
        if (state != TcpState.SYN_SENT) {
            layer.sendReset(local, remote, remotePort, localPort, sndNxt, 0, false);
        }
        close(null);
    }

    public void setNoDelay(boolean on) {
        noDelay = on;
    }

    public boolean noDelay() {
        return noDelay;
    }

    /** Keepalive on or off; the stack (re)arms the timer on its next look at the connection. */
    public void setKeepAlive(boolean on) {
        keepAlive = on;
    }

    public boolean keepAlive() {
        return keepAlive;
    }

    /** A socket asks the stack to look at this connection: true when it was not asked already (the caller wakes the stack). */
    public boolean requestService() {
        return servicePending.compareAndSet(false, true);
    }

    /** Called by the stack after a socket's request: (re)arms what the request changed, then sends. */
    void kicked(long nowNanos) {
        servicePending.set(false);
        if (keepAlive && !keepaliveTimer.isScheduled()) {
            scheduleKeepalive(nowNanos);
        } else if (!keepAlive) {
            layer.timers().cancel(keepaliveTimer);
        }
        if (readerClosed && state == TcpState.FIN_WAIT_2 && !closeTimer.isScheduled()) {
            layer.timers().schedule(closeTimer, nowNanos + config.finWait2Timeout());
        }
        output(nowNanos);
    }

    // ===================================================================== introspection

    /** What {@code ss -ti} would show for this connection, now. */
    public TcpInfo info() {
        return new TcpInfo(new InetSocketAddress(local.toInet(), localPort),
                new InetSocketAddress(remote.toInet(), remotePort), state, cc.name(), cc.cwnd(), cc.ssthresh(),
                Duration.ofNanos(rtt.srttNanos()), Duration.ofNanos(rtt.rttvarNanos()), Duration.ofNanos(rtt.rtoNanos()), sndMss, sndWnd, (long) Math.max(0, rcvAdvertisedRight - rcvNxt),
                sndWscale, rcvWscale, timestampsOk, sackOk, sndMax - sndUna, retransmittedSegments, segmentsIn, segmentsOut,
                bytesAcked, bytesReceived, send.length(), receive.readable(), inRecovery);
    }

    /**
     * Null when the connection's state is consistent, else what is wrong: the sequence variables in order,
     * no more in flight than buffered, out-of-order data within the buffer, and a timer for every wait
     * (a connection with data in flight and no timer would hang forever). Tests call it after every event.
     */
    String invariantViolation() {
        if (state == TcpState.CLOSED) {
            return null;
        }
        if (!(Seq.le(sndUna, sndNxt) && Seq.le(sndNxt, sndMax))) {
            return "SND.UNA " + sndUna + ", SND.NXT " + sndNxt + ", SND.MAX " + sndMax + " out of order";
        }
        if (Integer.toUnsignedLong(sndMax - sndUna) > send.length() + 2L) {
            return (sndMax - sndUna) + " bytes in flight, " + send.length() + " in the send buffer";
        }
        if (receive.readable() > receive.capacity() || receive.outOfOrder().highestEnd() > receive.nextPosition() - receive.readable() + receive.capacity()) {
            return "received data beyond the receive buffer";
        }
        if (cc.cwnd() <= 0) {
            return "congestion window " + cc.cwnd();
        }
        boolean handshake = state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED;
        if ((handshake || (sndMax != sndUna && state != TcpState.TIME_WAIT)) && !retransmitTimer.isScheduled()) {
            return state + " with " + (sndMax - sndUna) + " unacknowledged and no retransmission timer";
        }
        if (state == TcpState.TIME_WAIT && !closeTimer.isScheduled()) {
            return "TIME-WAIT without its timer";
        }
        if (state.canSend() && segmentRoomAt(sndNxt) > 0 && sndUna == sndMax && !retransmitTimer.isScheduled() && !servicePending.get()) {
            return segmentRoomAt(sndNxt) + " bytes wait, nothing in flight and no persist timer";
        }
        return null;
    }

    /** The application accepted this connection: its listener no longer answers for it. */
    void accepted() {
        listener = null;
    }

    @Override
    public String toString() {
        return local.withPort(localPort) + " -> " + remote.withPort(remotePort) + " " + state;
    }
}
