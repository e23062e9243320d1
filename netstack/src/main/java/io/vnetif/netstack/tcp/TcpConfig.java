package io.vnetif.netstack.tcp;

/**
 * How the stack's TCP behaves; every duration in nanoseconds. The defaults follow Linux where RFCs leave
 * the choice open; tests set the timers short (virtual time makes even Linux's values cheap).
 *
 * @param sendBuffer        bytes a connection takes from its writer before write blocks (SO_SNDBUF)
 * @param receiveBuffer     bytes of receive window and buffer (SO_RCVBUF); the window scale follows from it
 * @param initialRto        RTO before the first sample (RFC 6298: 1 s)
 * @param minRto            lower bound of the RTO (Linux: 200 ms; RFC 6298: 1 s)
 * @param maxRto            upper bound of the RTO (Linux: 120 s)
 * @param maxRetransmits    consecutive timeouts of one segment before the connection fails
 * @param maxSynRetransmits timeouts of a SYN or SYN-ACK before the attempt fails
 * @param delayedAck        how long an ACK may wait for more data or a reply (RFC 1122: under 500 ms)
 * @param timeWait          how long TIME-WAIT lasts (2 MSL)
 * @param finWait2Timeout   how long an orphaned connection waits in FIN-WAIT-2 for the peer's FIN
 * @param keepaliveIdle     idle time before the first keepalive probe (when SO_KEEPALIVE is on)
 * @param keepaliveInterval time between unanswered probes
 * @param keepaliveProbes   unanswered probes before the connection fails
 * @param congestionControl "cubic" or "newreno"
 * @param sack              offer and use SACK (RFC 2018, RFC 6675)
 * @param timestamps        offer and use timestamps (RFC 7323: RTTM and PAWS)
 * @param windowScaling     offer and use window scaling (RFC 7323)
 * @param maxOutOfOrderHoles out-of-order ranges a connection keeps; a segment that would need one more is dropped
 * @param challengeAcksPerSecond RFC 5961 challenge ACKs the whole stack sends per second
 * @param maxConnections    connections (all states) the stack holds; a SYN beyond it is dropped
 */
public record TcpConfig(int sendBuffer, int receiveBuffer, long initialRto, long minRto, long maxRto, int maxRetransmits,
                        int maxSynRetransmits, long delayedAck, long timeWait, long finWait2Timeout, long keepaliveIdle,
                        long keepaliveInterval, int keepaliveProbes, String congestionControl, boolean sack, boolean timestamps,
                        boolean windowScaling, int maxOutOfOrderHoles, int challengeAcksPerSecond, int maxConnections) {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    /** Linux-like defaults: 256 KiB buffers, CUBIC, SACK, timestamps and window scaling on. */
    public static final TcpConfig DEFAULTS = new TcpConfig(256 * 1024, 256 * 1024, S, 200 * MS, 120 * S, 15, 6, 40 * MS, 60 * S,
            60 * S, 7200 * S, 75 * S, 9, "cubic", true, true, true, 32, 1000, 16_384);

    public TcpConfig {
        if (sendBuffer < 1 || receiveBuffer < 1 || minRto <= 0 || maxRto < minRto || initialRto <= 0 || maxRetransmits < 1
                || maxSynRetransmits < 0 || delayedAck < 0 || timeWait < 0 || keepaliveProbes < 1 || maxOutOfOrderHoles < 1
                || maxConnections < 1) {
            throw new IllegalArgumentException("TCP settings out of range: " + this);
        }
        if (!congestionControl.equals("cubic") && !congestionControl.equals("newreno")) {
            throw new IllegalArgumentException("congestion control '" + congestionControl + "' is not cubic or newreno");
        }
    }

    /** The window shift that lets {@link #receiveBuffer} be advertised (RFC 7323 §2.3), 0 without scaling. */
    int receiveWindowScale() {
        int shift = 0;
        while (windowScaling && shift < 14 && (receiveBuffer >>> shift) > 0xFFFF) {
            shift++;
        }
        return shift;
    }

    CongestionControl newCongestionControl(int mss) {
        return congestionControl.equals("newreno") ? new NewReno(mss) : new Cubic(mss);
    }

    /** A copy to change: each setter sets one setting, {@link Builder#build()} checks them all. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link TcpConfig} from another one's settings. */
    public static final class Builder {
        private int sendBuffer;
        private int receiveBuffer;
        private long initialRto;
        private long minRto;
        private long maxRto;
        private int maxRetransmits;
        private int maxSynRetransmits;
        private long delayedAck;
        private long timeWait;
        private long finWait2Timeout;
        private long keepaliveIdle;
        private long keepaliveInterval;
        private int keepaliveProbes;
        private String congestionControl;
        private boolean sack;
        private boolean timestamps;
        private boolean windowScaling;
        private int maxOutOfOrderHoles;
        private int challengeAcksPerSecond;
        private int maxConnections;

        private Builder(TcpConfig c) {
            this.sendBuffer = c.sendBuffer();
            this.receiveBuffer = c.receiveBuffer();
            this.initialRto = c.initialRto();
            this.minRto = c.minRto();
            this.maxRto = c.maxRto();
            this.maxRetransmits = c.maxRetransmits();
            this.maxSynRetransmits = c.maxSynRetransmits();
            this.delayedAck = c.delayedAck();
            this.timeWait = c.timeWait();
            this.finWait2Timeout = c.finWait2Timeout();
            this.keepaliveIdle = c.keepaliveIdle();
            this.keepaliveInterval = c.keepaliveInterval();
            this.keepaliveProbes = c.keepaliveProbes();
            this.congestionControl = c.congestionControl();
            this.sack = c.sack();
            this.timestamps = c.timestamps();
            this.windowScaling = c.windowScaling();
            this.maxOutOfOrderHoles = c.maxOutOfOrderHoles();
            this.challengeAcksPerSecond = c.challengeAcksPerSecond();
            this.maxConnections = c.maxConnections();
        }

        public Builder sendBuffer(int value) {
            this.sendBuffer = value;
            return this;
        }

        public Builder receiveBuffer(int value) {
            this.receiveBuffer = value;
            return this;
        }

        public Builder initialRto(long value) {
            this.initialRto = value;
            return this;
        }

        public Builder minRto(long value) {
            this.minRto = value;
            return this;
        }

        public Builder maxRto(long value) {
            this.maxRto = value;
            return this;
        }

        public Builder maxRetransmits(int value) {
            this.maxRetransmits = value;
            return this;
        }

        public Builder maxSynRetransmits(int value) {
            this.maxSynRetransmits = value;
            return this;
        }

        public Builder delayedAck(long value) {
            this.delayedAck = value;
            return this;
        }

        public Builder timeWait(long value) {
            this.timeWait = value;
            return this;
        }

        public Builder finWait2Timeout(long value) {
            this.finWait2Timeout = value;
            return this;
        }

        public Builder keepaliveIdle(long value) {
            this.keepaliveIdle = value;
            return this;
        }

        public Builder keepaliveInterval(long value) {
            this.keepaliveInterval = value;
            return this;
        }

        public Builder keepaliveProbes(int value) {
            this.keepaliveProbes = value;
            return this;
        }

        public Builder congestionControl(String value) {
            this.congestionControl = value;
            return this;
        }

        public Builder sack(boolean value) {
            this.sack = value;
            return this;
        }

        public Builder timestamps(boolean value) {
            this.timestamps = value;
            return this;
        }

        public Builder windowScaling(boolean value) {
            this.windowScaling = value;
            return this;
        }

        public Builder maxOutOfOrderHoles(int value) {
            this.maxOutOfOrderHoles = value;
            return this;
        }

        public Builder challengeAcksPerSecond(int value) {
            this.challengeAcksPerSecond = value;
            return this;
        }

        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /** @throws IllegalArgumentException when a setting is out of range */
        public TcpConfig build() {
            return new TcpConfig(sendBuffer, receiveBuffer, initialRto, minRto, maxRto, maxRetransmits, maxSynRetransmits, delayedAck, timeWait, finWait2Timeout, keepaliveIdle, keepaliveInterval, keepaliveProbes, congestionControl, sack, timestamps, windowScaling, maxOutOfOrderHoles, challengeAcksPerSecond, maxConnections);
        }
    }
}
