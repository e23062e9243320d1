package io.vnetif.netstack.tcp;

import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.LongObjectHashMap;
import io.vnetif.netstack.ip.PacketOutput;
import io.vnetif.netstack.ip.Transport;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.stats.TcpState;
import io.vnetif.netstack.time.TimerWheel;
import io.vnetif.netstack.wire.IcmpHeader;
import io.vnetif.netstack.wire.Ipv4Address;
import io.vnetif.netstack.wire.Ipv4Header;
import io.vnetif.netstack.wire.TcpHeader;
import io.vnetif.netstack.wire.TcpOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * TCP on the stack: checks each segment (length, checksum, options), finds its connection by the
 * four-tuple or its listener by port, and answers what belongs to neither with a reset (RFC 9293
 * §3.10.7.1). It also makes connections (ephemeral ports, RFC 6528 ISNs) within a limit, and sends resets.
 * Confined to the stack's thread, but for the socket-side methods the connections and listeners document.
 */
public final class TcpLayer implements Transport {
    /** RFC 6335's dynamic ports. */
    private static final int EPHEMERAL_FIRST = 49152;
    private static final int EPHEMERAL_LAST = 65535;

    private final TcpConfig config;
    private final PacketOutput ip;
    private final Counters counters;
    private final TimerWheel timers;
    private final LongSupplier clock;
    private final IsnGenerator isns;
    private final SynCookies cookies;
    private final SegmentWriter writer;
    private final Segment segment = new Segment();
    private final LongObjectHashMap<TcpConnection> connections = new LongObjectHashMap<>();
    private final IntObjectHashMap<TcpListener> listeners = new IntObjectHashMap<>();
    private final int[] sackLeft = new int[4];
    private final int[] sackRight = new int[4];
    private int nextEphemeral;
    private long challengeSecond;
    private int challengesThisSecond;

    public TcpLayer(TcpConfig config, PacketOutput ip, Counters counters, TimerWheel timers, LongSupplier clock, SecureRandom random) {
        this.config = config;
        this.ip = ip;
        this.counters = counters;
        this.timers = timers;
        this.clock = clock;
        KeyedHash secret = new KeyedHash(random); // one key per stack, for ISNs and cookies alike
        this.isns = new IsnGenerator(secret);
        this.cookies = new SynCookies(secret);
        this.writer = new SegmentWriter(ip, counters);
        this.nextEphemeral = EPHEMERAL_FIRST + random.nextInt(EPHEMERAL_LAST - EPHEMERAL_FIRST + 1);
    }

    @Override
    public int protocol() {
        return Ipv4Header.PROTOCOL_TCP;
    }

    TcpConfig config() {
        return config;
    }

    Counters counters() {
        return counters;
    }

    TimerWheel timers() {
        return timers;
    }

    long now() {
        return clock.getAsLong();
    }

    SegmentWriter writer() {
        return writer;
    }

    int[] sackLeft() {
        return sackLeft;
    }

    int[] sackRight() {
        return sackRight;
    }

    /** The MSS to offer toward {@code remoteIp}: the path MTU less the IP and TCP headers. */
    int mssFor(int remoteIp) {
        return ip.pathMtu(remoteIp) - Ipv4Header.MIN_LENGTH - TcpHeader.MIN_LENGTH;
    }

    String endpointText(int address, int port) {
        return Ipv4Address.text(address) + ":" + port;
    }

    static long key(int remoteIp, int remotePort, int localPort) {
        return (long) remoteIp << 32 | (long) remotePort << 16 | localPort;
    }

    // ------------------------------------------------------------------ input

    @Override
    public void receive(byte[] f, int ipAt, int at, int length, int source, int destination, long nowNanos) {
        counters.increment(Counter.TCP_SEGMENTS_IN);
        if (length < TcpHeader.MIN_LENGTH) {
            counters.increment(Counter.DROP_TCP_MALFORMED);
            return;
        }
        int headerLength = TcpHeader.headerLength(f, at);
        if (headerLength < TcpHeader.MIN_LENGTH || headerLength > length) {
            counters.increment(Counter.DROP_TCP_MALFORMED);
            return;
        }
        if (!TcpHeader.checksumValid(f, at, length, source, destination)) {
            counters.increment(Counter.DROP_TCP_BAD_CHECKSUM);
            return;
        }
        Segment seg = segment;
        if (seg.options.read(f, at + TcpHeader.MIN_LENGTH, at + headerLength) != null) {
            counters.increment(Counter.DROP_TCP_BAD_OPTIONS);
            return;
        }
        seg.sourceIp = source;
        seg.destinationIp = destination;
        seg.sourcePort = TcpHeader.sourcePort(f, at);
        seg.destinationPort = TcpHeader.destinationPort(f, at);
        seg.seq = TcpHeader.sequence(f, at);
        seg.ack = TcpHeader.acknowledgment(f, at);
        seg.flags = TcpHeader.flags(f, at);
        seg.window = TcpHeader.window(f, at);
        seg.frame = f;
        seg.dataOffset = at + headerLength;
        seg.dataLength = length - headerLength;
        TcpConnection c = connections.get(key(source, seg.sourcePort, seg.destinationPort));
        if (c != null) {
            c.lock.lock();
            try {
                if (!c.reopenedBy(seg)) {
                    c.onSegment(seg, nowNanos);
                    return;
                }
            } finally {
                c.lock.unlock();
            }
        }
        TcpListener listener = listeners.get(seg.destinationPort);
        if (listener != null) {
            listener.onSegment(seg, nowNanos);
            return;
        }
        counters.increment(Counter.DROP_TCP_NO_CONNECTION);
        if (!seg.has(TcpHeader.RST)) {
            if (seg.has(TcpHeader.ACK)) {
                sendReset(source, seg.sourcePort, seg.destinationPort, seg.ack, 0, false);
            } else {
                sendReset(source, seg.sourcePort, seg.destinationPort, 0, seg.seq + seg.sequenceLength(), true);
            }
        }
    }

    @Override
    public void icmpError(int type, int code, int nextHopMtu, byte[] f, int quotedIpAt, long nowNanos) {
        if (type != IcmpHeader.DESTINATION_UNREACHABLE || code != IcmpHeader.CODE_FRAGMENTATION_NEEDED) {
            return; // soft errors: TCP's own timers decide (RFC 5927 §4)
        }
        int quotedAt = quotedIpAt + Ipv4Header.headerLength(f, quotedIpAt);
        int remoteIp = Ipv4Header.destination(f, quotedIpAt);
        TcpConnection c = connections.get(key(remoteIp, TcpHeader.destinationPort(f, quotedAt), TcpHeader.sourcePort(f, quotedAt)));
        if (c != null) {
            c.lock.lock();
            try {
                c.pathMtuLowered(TcpHeader.sequence(f, quotedAt), nowNanos);
            } finally {
                c.lock.unlock();
            }
        }
    }

    // ------------------------------------------------------------------ making and ending connections

    /** A connection for a SYN that a listener took, or null (counted) when the stack holds its limit already. */
    TcpConnection newPassive(Segment seg, long nowNanos) {
        if (connections.size() >= config.maxConnections()) {
            counters.increment(Counter.DROP_TCP_CONNECTION_LIMIT);
            return null;
        }
        int iss = isns.isn(ip.localAddress(), seg.destinationPort, seg.sourceIp, seg.sourcePort, nowNanos);
        TcpConnection c = new TcpConnection(this, ip.localAddress(), seg.destinationPort, seg.sourceIp, seg.sourcePort,
                TcpState.SYN_RECEIVED, iss, nowNanos);
        connections.put(c.key(), c);
        return c;
    }

    /**
     * Answers a SYN its listener has no room for with a SYN cookie (RFC 4987 §3.6): a SYN-ACK whose sequence
     * number holds the handshake, with no option but the MSS (a cookie cannot hold the others), nothing kept.
     */
    void sendSynCookie(Segment seg, long nowNanos) {
        int peerMss = seg.options.mss > 0 ? seg.options.mss : SynCookies.MSS_TABLE[0];
        int index = SynCookies.mssIndex(Math.min(peerMss, mssFor(seg.sourceIp)));
        int iss = cookies.make(ip.localAddress(), seg.destinationPort, seg.sourceIp, seg.sourcePort, seg.seq, index, nowNanos);
        counters.increment(Counter.TCP_SYN_COOKIES_SENT);
        byte[] f = writer.buffer();
        int at = writer.offset();
        int end = TcpOptions.writeMss(f, at + TcpHeader.MIN_LENGTH, mssFor(seg.sourceIp));
        TcpHeader.write(f, at, seg.destinationPort, seg.sourcePort, iss, seg.seq + 1, end - at, TcpHeader.SYN | TcpHeader.ACK,
                cookieWindow());
        writer.send(seg.sourceIp, end - at);
    }

    /** The window a cookie's SYN-ACK offers: unscaled, as the cookie cannot hold a window scale. */
    int cookieWindow() {
        return Math.min(config.receiveBuffer(), 0xFFFF);
    }

    /**
     * Whether {@code seg}, an ACK for a listener with no connection, returned a SYN cookie of this stack's:
     * then it became a connection of {@code listener} (or was dropped, counted, when there is no room for
     * one; the peer's next segment tries again). False when it is no cookie of ours.
     */
    boolean cookieReturned(Segment seg, TcpListener listener, long nowNanos) {
        int mss = cookies.check(ip.localAddress(), seg.destinationPort, seg.sourceIp, seg.sourcePort, seg.seq - 1, seg.ack - 1, nowNanos);
        if (mss < 0) {
            return false;
        }
        if (connections.size() >= config.maxConnections()) {
            counters.increment(Counter.DROP_TCP_CONNECTION_LIMIT);
            return true;
        }
        if (!listener.hasRoom()) {
            counters.increment(Counter.DROP_TCP_ACCEPT_QUEUE_FULL);
            return true;
        }
        counters.increment(Counter.TCP_SYN_COOKIES_RETURNED);
        TcpConnection c = new TcpConnection(this, ip.localAddress(), seg.destinationPort, seg.sourceIp, seg.sourcePort,
                TcpState.SYN_RECEIVED, seg.ack - 1, nowNanos);
        connections.put(c.key(), c);
        listener.cookieReturned();
        c.lock.lock();
        try {
            c.acceptCookie(seg, listener, mss, nowNanos);
        } finally {
            c.lock.unlock();
        }
        return true;
    }

    /**
     * Opens a connection to {@code remoteIp:remotePort} from {@code localPort} (0: an ephemeral port): sends
     * the SYN. Call on the stack's thread.
     *
     * @throws IOException when the four-tuple is taken, no ephemeral port is free, or the stack holds its limit
     */
    public TcpConnection connect(int remoteIp, int remotePort, int localPort, boolean noDelay, boolean keepAlive, long nowNanos)
            throws IOException {
        if (connections.size() >= config.maxConnections()) {
            throw new SocketException("this stack holds " + connections.size() + " connections already (its limit)");
        }
        int port = localPort != 0 ? localPort : ephemeralPort(remoteIp, remotePort);
        if (connections.containsKey(key(remoteIp, remotePort, port))) {
            throw new BindException("local port " + port + " is connected to " + endpointText(remoteIp, remotePort) + " already");
        }
        int iss = isns.isn(ip.localAddress(), port, remoteIp, remotePort, nowNanos);
        TcpConnection c = new TcpConnection(this, ip.localAddress(), port, remoteIp, remotePort, TcpState.SYN_SENT, iss, nowNanos);
        c.setNoDelay(noDelay);
        c.setKeepAlive(keepAlive);
        connections.put(c.key(), c);
        c.lock.lock();
        try {
            c.connect(nowNanos);
        } finally {
            c.lock.unlock();
        }
        return c;
    }

    private int ephemeralPort(int remoteIp, int remotePort) throws IOException {
        for (int tries = 0; tries <= EPHEMERAL_LAST - EPHEMERAL_FIRST; tries++) {
            int port = nextEphemeral;
            nextEphemeral = port == EPHEMERAL_LAST ? EPHEMERAL_FIRST : port + 1;
            if (!listeners.containsKey(port) && !connections.containsKey(key(remoteIp, remotePort, port))) {
                return port;
            }
        }
        throw new BindException("no ephemeral port free toward " + endpointText(remoteIp, remotePort));
    }

    /**
     * Starts listening on {@code port} (0: an ephemeral port). Call on the stack's thread.
     *
     * @throws BindException when the port has a listener already
     */
    public TcpListener listen(int port, int backlog) throws IOException {
        int p = port;
        if (p == 0) {
            p = ephemeralPort(0, 0);
        }
        if (listeners.containsKey(p)) {
            throw new BindException("TCP port " + p + " is in use");
        }
        TcpListener l = new TcpListener(this, p, backlog);
        listeners.put(p, l);
        return l;
    }

    /** Closes a listener (the stack's thread): its port is free again, its unaccepted connections reset. */
    public void closeListener(TcpListener l) {
        if (listeners.get(l.port()) == l) {
            listeners.remove(l.port());
        }
        l.close();
    }

    /** Acts on what a socket asked of {@code c} (the stack's thread): close, abort, or send what was written. */
    public void serve(TcpConnection c, boolean abort, long nowNanos) {
        c.lock.lock();
        try {
            if (abort) {
                c.abort();
            } else {
                c.kicked(nowNanos);
            }
        } finally {
            c.lock.unlock();
        }
    }

    void removed(TcpConnection c) {
        if (connections.get(c.key()) == c) {
            connections.remove(c.key());
        }
    }

    /** Every connection now (for listings), in no particular order. */
    public List<TcpConnection> connections() {
        return new ArrayList<>(connections.values());
    }

    public int connectionCount() {
        return connections.size();
    }

    /** RFC 5961 §7: challenge ACKs are rate-limited stack-wide. */
    boolean takeChallengeAck(long nowNanos) {
        long second = nowNanos / 1_000_000_000L;
        if (second != challengeSecond) {
            challengeSecond = second;
            challengesThisSecond = 0;
        }
        return ++challengesThisSecond <= config.challengeAcksPerSecond();
    }

    /** Sends a bare reset: {@code seq}, and with {@code withAck} an ACK of {@code ack}. */
    void sendReset(int remoteIp, int remotePort, int localPort, int seq, int ack, boolean withAck) {
        counters.increment(Counter.TCP_RESETS_OUT);
        byte[] f = writer.buffer();
        int at = writer.offset();
        TcpHeader.write(f, at, localPort, remotePort, seq, withAck ? ack : 0, TcpHeader.MIN_LENGTH,
                TcpHeader.RST | (withAck ? TcpHeader.ACK : 0), 0);
        writer.send(remoteIp, TcpHeader.MIN_LENGTH);
    }
}
