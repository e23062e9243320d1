package io.vnetif.netstack.tcp;

import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.LongObjectHashMap;
import io.vnetif.netstack.ip.Ipv6Output;
import io.vnetif.netstack.ip.Ipv6Transport;
import io.vnetif.netstack.ip.PacketOutput;
import io.vnetif.netstack.ip.Transport;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.stats.TcpState;
import io.vnetif.netstack.time.TimerWheel;
import io.vnetif.netstack.wire.IcmpHeader;
import io.vnetif.netstack.wire.Checksum;
import io.vnetif.netstack.wire.Icmpv6Header;
import io.vnetif.netstack.wire.IpAddress;
import io.vnetif.netstack.wire.Ipv4Header;
import io.vnetif.netstack.wire.Ipv6Address;
import io.vnetif.netstack.wire.Ipv6Header;
import io.vnetif.netstack.wire.TcpHeader;
import io.vnetif.netstack.wire.TcpOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * TCP on the stack: checks each segment (length, checksum, options), finds its connection by the
 * four-tuple or its listener by port, and answers what belongs to neither with a reset (RFC 9293
 * §3.10.7.1). It also makes connections (ephemeral ports, RFC 6528 ISNs) within a limit, and sends resets.
 * Confined to the stack's thread, but for the socket-side methods the connections and listeners document.
 */
public final class TcpLayer implements Transport, Ipv6Transport {
    /** RFC 6335's dynamic ports. */
    private static final int EPHEMERAL_FIRST = 49152;
    private static final int EPHEMERAL_LAST = 65535;

    private final TcpConfig config;
    private final PacketOutput ip;
    private final Ipv6Output ipv6;
    private final Counters counters;
    private final TimerWheel timers;
    private final LongSupplier clock;
    private final IsnGenerator isns;
    private final SynCookies cookies;
    private final SegmentWriter writer;
    private final Segment segment = new Segment();
    /** IPv4's connections by {@link #key}: no allocation per segment. */
    private final LongObjectHashMap<TcpConnection> connections = new LongObjectHashMap<>();
    /** IPv6's, by remote address and ports. */
    private final HashMap<Ipv6Key, TcpConnection> connections6 = new HashMap<>();
    private final IntObjectHashMap<TcpListener> listeners = new IntObjectHashMap<>();
    private final int[] sackLeft = new int[4];
    private final int[] sackRight = new int[4];
    private int nextEphemeral;
    private long challengeSecond;
    private int challengesThisSecond;

    /** A key of IPv6's connection table. */
    private record Ipv6Key(Ipv6Address remote, int remotePort, int localPort) {
    }

    /** @param ipv6 null for a stack without IPv6 */
    public TcpLayer(TcpConfig config, PacketOutput ip, Ipv6Output ipv6, Counters counters, TimerWheel timers, LongSupplier clock,
                    SecureRandom random) {
        this.config = config;
        this.ip = ip;
        this.ipv6 = ipv6;
        this.counters = counters;
        this.timers = timers;
        this.clock = clock;
        KeyedHash secret = new KeyedHash(random); // one key per stack, for ISNs and cookies alike
        this.isns = new IsnGenerator(secret);
        this.cookies = new SynCookies(secret);
        this.writer = new SegmentWriter(ip, ipv6, counters);
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

    /** The MSS to offer toward {@code remote}: the path MTU less the IP (20 or 40 bytes) and TCP headers. */
    int mssFor(IpAddress remote) {
        return remote.isV4() ? ip.pathMtu(remote.v4()) - Ipv4Header.MIN_LENGTH - TcpHeader.MIN_LENGTH
                : ipv6.pathMtu(remote.v6()) - Ipv6Header.LENGTH - TcpHeader.MIN_LENGTH;
    }

    static long key(int remoteIp, int remotePort, int localPort) {
        return (long) remoteIp << 32 | (long) remotePort << 16 | localPort;
    }

    // ------------------------------------------------------------------ input

    @Override
    public void receive(byte[] f, int ipAt, int at, int length, int source, int destination, long nowNanos) {
        counters.increment(Counter.TCP_SEGMENTS_IN);
        if (malformed(f, at, length)) {
            return;
        }
        if (!TcpHeader.checksumValid(f, at, length, source, destination)) {
            counters.increment(Counter.DROP_TCP_BAD_CHECKSUM);
            return;
        }
        segment.sourceIp = source;
        segment.destinationIp = destination;
        segment.source6 = null;
        segment.destination6 = null;
        dispatch(f, at, length, nowNanos);
    }

    @Override
    public void receive6(byte[] f, int ipAt, int at, int length, long nowNanos) {
        counters.increment(Counter.TCP_SEGMENTS_IN);
        if (malformed(f, at, length)) {
            return;
        }
        if (!Checksum.valid(Ipv6Header.pseudoHeaderSum(f, ipAt, Ipv6Header.NEXT_TCP, length) + Checksum.sum(f, at, length))) {
            counters.increment(Counter.DROP_TCP_BAD_CHECKSUM);
            return;
        }
        segment.source6 = Ipv6Address.read(f, ipAt + Ipv6Header.SOURCE_AT);
        segment.destination6 = Ipv6Address.read(f, ipAt + Ipv6Header.DESTINATION_AT);
        dispatch(f, at, length, nowNanos);
    }

    /** Whether the lengths lie (counted). */
    private boolean malformed(byte[] f, int at, int length) {
        if (length < TcpHeader.MIN_LENGTH || TcpHeader.headerLength(f, at) < TcpHeader.MIN_LENGTH || TcpHeader.headerLength(f, at) > length) {
            counters.increment(Counter.DROP_TCP_MALFORMED);
            return true;
        }
        return false;
    }

    /** A checked segment of either family (its addresses in {@link #segment}): to its connection, its listener, or answered with a reset. */
    private void dispatch(byte[] f, int at, int length, long nowNanos) {
        int headerLength = TcpHeader.headerLength(f, at);
        Segment seg = segment;
        if (seg.options.read(f, at + TcpHeader.MIN_LENGTH, at + headerLength) != null) {
            counters.increment(Counter.DROP_TCP_BAD_OPTIONS);
            return;
        }
        seg.sourcePort = TcpHeader.sourcePort(f, at);
        seg.destinationPort = TcpHeader.destinationPort(f, at);
        seg.seq = TcpHeader.sequence(f, at);
        seg.ack = TcpHeader.acknowledgment(f, at);
        seg.flags = TcpHeader.flags(f, at);
        seg.window = TcpHeader.window(f, at);
        seg.frame = f;
        seg.dataOffset = at + headerLength;
        seg.dataLength = length - headerLength;
        TcpConnection c = seg.source6 == null ? connections.get(key(seg.sourceIp, seg.sourcePort, seg.destinationPort))
                : connections6.get(new Ipv6Key(seg.source6, seg.sourcePort, seg.destinationPort));
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
                sendReset(seg.destination(), seg.source(), seg.sourcePort, seg.destinationPort, seg.ack, 0, false);
            } else {
                sendReset(seg.destination(), seg.source(), seg.sourcePort, seg.destinationPort, 0, seg.seq + seg.sequenceLength(), true);
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
        pathMtuLowered(connections.get(key(remoteIp, TcpHeader.destinationPort(f, quotedAt), TcpHeader.sourcePort(f, quotedAt))), f, quotedAt,
                nowNanos);
    }

    @Override
    public void icmpError6(int type, int code, long mtu, byte[] f, int quotedIpAt, int quotedLength, long nowNanos) {
        int quotedAt = quotedIpAt + Ipv6Header.LENGTH;
        if (type != Icmpv6Header.PACKET_TOO_BIG || quotedLength < Ipv6Header.LENGTH + 8) {
            return; // unreachable and the rest are soft errors: TCP's own timers decide (RFC 5927 §4)
        }
        Ipv6Key key = new Ipv6Key(Ipv6Address.read(f, quotedIpAt + Ipv6Header.DESTINATION_AT), TcpHeader.destinationPort(f, quotedAt),
                TcpHeader.sourcePort(f, quotedAt));
        pathMtuLowered(connections6.get(key), f, quotedAt, nowNanos);
    }

    /** The path of {@code c} (null: no connection of the quoted segment) has a lower MTU now: it resends below it. */
    private void pathMtuLowered(TcpConnection c, byte[] f, int quotedAt, long nowNanos) {
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
        if (connectionCount() >= config.maxConnections()) {
            counters.increment(Counter.DROP_TCP_CONNECTION_LIMIT);
            return null;
        }
        IpAddress local = seg.destination();
        IpAddress remote = seg.source();
        int iss = isns.isn(local, seg.destinationPort, remote, seg.sourcePort, nowNanos);
        TcpConnection c = new TcpConnection(this, local, seg.destinationPort, remote, seg.sourcePort, TcpState.SYN_RECEIVED, iss, nowNanos);
        put(c);
        return c;
    }

    /**
     * Answers a SYN its listener has no room for with a SYN cookie (RFC 4987 §3.6): a SYN-ACK whose sequence
     * number holds the handshake, with no option but the MSS (a cookie cannot hold the others), nothing kept.
     */
    void sendSynCookie(Segment seg, long nowNanos) {
        int peerMss = seg.options.mss > 0 ? seg.options.mss : SynCookies.MSS_TABLE[0];
        IpAddress local = seg.destination();
        IpAddress remote = seg.source();
        int index = SynCookies.mssIndex(Math.min(peerMss, mssFor(remote)));
        int iss = cookies.make(local, seg.destinationPort, remote, seg.sourcePort, seg.seq, index, nowNanos);
        counters.increment(Counter.TCP_SYN_COOKIES_SENT);
        byte[] f = writer.buffer(remote);
        int at = writer.offset(remote);
        int end = TcpOptions.writeMss(f, at + TcpHeader.MIN_LENGTH, mssFor(remote));
        TcpHeader.write(f, at, seg.destinationPort, seg.sourcePort, iss, seg.seq + 1, end - at, TcpHeader.SYN | TcpHeader.ACK,
                cookieWindow());
        writer.send(local, remote, end - at);
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
        IpAddress local = seg.destination();
        IpAddress remote = seg.source();
        int mss = cookies.check(local, seg.destinationPort, remote, seg.sourcePort, seg.seq - 1, seg.ack - 1, nowNanos);
        if (mss < 0) {
            return false;
        }
        if (connectionCount() >= config.maxConnections()) {
            counters.increment(Counter.DROP_TCP_CONNECTION_LIMIT);
            return true;
        }
        if (!listener.hasRoom()) {
            counters.increment(Counter.DROP_TCP_ACCEPT_QUEUE_FULL);
            return true;
        }
        counters.increment(Counter.TCP_SYN_COOKIES_RETURNED);
        TcpConnection c = new TcpConnection(this, local, seg.destinationPort, remote, seg.sourcePort, TcpState.SYN_RECEIVED, seg.ack - 1,
                nowNanos);
        put(c);
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
    public TcpConnection connect(IpAddress remote, int remotePort, int localPort, boolean noDelay, boolean keepAlive, long nowNanos)
            throws IOException {
        if (connectionCount() >= config.maxConnections()) {
            throw new SocketException("this stack holds " + connectionCount() + " connections already (its limit)");
        }
        IpAddress local = localFor(remote);
        int port = localPort != 0 ? localPort : ephemeralPort(remote, remotePort);
        if (connected(remote, remotePort, port)) {
            throw new BindException("local port " + port + " is connected to " + remote.withPort(remotePort) + " already");
        }
        int iss = isns.isn(local, port, remote, remotePort, nowNanos);
        TcpConnection c = new TcpConnection(this, local, port, remote, remotePort, TcpState.SYN_SENT, iss, nowNanos);
        c.setNoDelay(noDelay);
        c.setKeepAlive(keepAlive);
        put(c);
        c.lock.lock();
        try {
            c.connect(nowNanos);
        } finally {
            c.lock.unlock();
        }
        return c;
    }

    /** The stack's address toward {@code remote}: IPv4's, or the IPv6 source its interface picks. */
    private IpAddress localFor(IpAddress remote) throws SocketException {
        if (remote.isV4()) {
            return IpAddress.v4(ip.localAddress());
        }
        Ipv6Address source = ipv6 == null ? null : ipv6.sourceFor(remote.v6());
        if (source == null) {
            throw new SocketException("no IPv6 address of this stack may reach " + remote + (ipv6 == null
                    ? ": it has none (NetStack.Builder.address(\"2001:db8::5/64\") gives one)" : " (none of its scope, or on a duplicate)"));
        }
        return IpAddress.v6(source);
    }

    private boolean connected(IpAddress remote, int remotePort, int localPort) {
        return remote.isV4() ? connections.containsKey(key(remote.v4(), remotePort, localPort))
                : connections6.containsKey(new Ipv6Key(remote.v6(), remotePort, localPort));
    }

    private void put(TcpConnection c) {
        if (c.remote.isV4()) {
            connections.put(key(c.remote.v4(), c.remotePort, c.localPort), c);
        } else {
            connections6.put(new Ipv6Key(c.remote.v6(), c.remotePort, c.localPort), c);
        }
    }

    private int ephemeralPort(IpAddress remote, int remotePort) throws IOException {
        for (int tries = 0; tries <= EPHEMERAL_LAST - EPHEMERAL_FIRST; tries++) {
            int port = nextEphemeral;
            nextEphemeral = port == EPHEMERAL_LAST ? EPHEMERAL_FIRST : port + 1;
            if (!listeners.containsKey(port) && (remote == null || !connected(remote, remotePort, port))) {
                return port;
            }
        }
        throw new BindException("no ephemeral port free" + (remote == null ? "" : " toward " + remote.withPort(remotePort)));
    }

    /**
     * Starts listening on {@code port} (0: an ephemeral port). Call on the stack's thread.
     *
     * @throws BindException when the port has a listener already
     */
    public TcpListener listen(int port, int backlog) throws IOException {
        int p = port;
        if (p == 0) {
            p = ephemeralPort(null, 0);
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
        if (c.remote.isV4()) {
            long key = key(c.remote.v4(), c.remotePort, c.localPort);
            if (connections.get(key) == c) {
                connections.remove(key);
            }
        } else {
            connections6.remove(new Ipv6Key(c.remote.v6(), c.remotePort, c.localPort), c);
        }
    }

    /** Every connection now (for listings), in no particular order. */
    public List<TcpConnection> connections() {
        List<TcpConnection> all = new ArrayList<>(connections.values());
        all.addAll(connections6.values());
        return all;
    }

    public int connectionCount() {
        return connections.size() + connections6.size();
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

    /** Sends a bare reset from {@code local} to {@code remote}: {@code seq}, and with {@code withAck} an ACK of {@code ack}. */
    void sendReset(IpAddress local, IpAddress remote, int remotePort, int localPort, int seq, int ack, boolean withAck) {
        counters.increment(Counter.TCP_RESETS_OUT);
        byte[] f = writer.buffer(remote);
        int at = writer.offset(remote);
        TcpHeader.write(f, at, localPort, remotePort, seq, withAck ? ack : 0, TcpHeader.MIN_LENGTH,
                TcpHeader.RST | (withAck ? TcpHeader.ACK : 0), 0);
        writer.send(local, remote, TcpHeader.MIN_LENGTH);
    }
}
