package io.vnetif.netstack.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.core.Stack;
import io.vnetif.netstack.iface.Ipv4Interface;
import io.vnetif.netstack.iface.Link;
import io.vnetif.netstack.tcp.TcpConfig;
import io.vnetif.netstack.tcp.TcpConnection;
import io.vnetif.netstack.tcp.TcpListener;
import io.vnetif.netstack.wire.EthernetHeader;
import io.vnetif.netstack.wire.Ipv4Address;
import io.vnetif.netstack.wire.Ipv4Header;
import io.vnetif.netstack.wire.TcpHeader;
import io.vnetif.netstack.wire.TcpOptions;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A scripted TCP peer, packetdrill's way: the stack under test runs on virtual time on a link the script
 * holds; the script injects exact segments and checks the exact segments the stack answers, and when.
 * Sequence numbers are relative, as packetdrill writes them: the peer's to its ISN (chosen here), the stack's
 * to the ISN of its first SYN. No ARP: each side knows the other's MAC.
 */
final class Peer implements Link {
    static final int STACK_IP = Ipv4Address.parse("198.19.0.1");
    static final int PEER_IP = Ipv4Address.parse("198.19.0.2");
    static final long STACK_MAC = 0x02_00_00_00_00_01L;
    static final long PEER_MAC = 0x02_00_00_00_00_02L;
    static final long MS = 1_000_000L;
    /** The peer's initial sequence number (sequence 0 in the script). */
    static final int PEER_ISN = 1_000_000_000;

    final Stack stack;
    private final ArrayDeque<Segment> sent = new ArrayDeque<>();
    private long now = 1_000 * MS;
    private Integer stackIsn;
    int peerPort = 40_000;
    /** The stack's port the script's segments go to: the listener's, or the one the stack connected from. */
    int stackPort = 80;
    /** Once a handshake negotiated timestamps, segments the script gives none get the peer's clock and the last TSval seen. */
    boolean timestampsOn;
    private int lastStackTsVal;

    Peer(TcpConfig config) {
        this.stack = new Stack(this, new Ipv4Interface.Config(STACK_IP, 24, 0, 64, 30_000 * MS, 64, 1 << 20, 600_000 * MS, 1000,
                60_000 * MS, 1_000 * MS, 3, 1024), config, 64 * 1024, 64 * 1024, () -> now, io.vnetif.netstack.core.SeededRandom.of(7));
        stack.ip().addStaticNeighbor(PEER_IP, PEER_MAC);
    }

    /** The defaults with the timers of a test: what each test states it leans on. */
    static TcpConfig.Builder config() {
        return TcpConfig.DEFAULTS.toBuilder().minRto(200 * MS).initialRto(1_000 * MS);
    }

    long now() {
        return now;
    }

    // ===================================================================== the stack's side

    TcpListener listen(int port) throws IOException {
        stackPort = port;
        return stack.tcp().listen(port, 8);
    }

    /** The stack connects to the peer's {@code port} (which the peer then sends from). */
    TcpConnection connect(int port) throws IOException {
        peerPort = port;
        return stack.tcp().connect(io.vnetif.netstack.wire.IpAddress.v4(PEER_IP), port, 0, false, false, now);
    }

    /** The application writes {@code bytes} bytes (of value 'x') and the stack is told. */
    void write(TcpConnection c, int bytes) throws IOException {
        c.lock.lock();
        try {
            assertThat(c.write(new byte[bytes], 0, bytes)).as("bytes the send buffer took").isEqualTo(bytes);
        } finally {
            c.lock.unlock();
        }
        stack.tcp().serve(c, false, now);
    }

    /** What the application can read now (-1: the end). */
    int read(TcpConnection c) throws IOException {
        byte[] buffer = new byte[1 << 20];
        c.lock.lock();
        try {
            return c.read(buffer, 0, buffer.length);
        } finally {
            c.lock.unlock();
        }
    }

    /** The application closes its side (FIN after the data), or aborts (RST). */
    void close(TcpConnection c, boolean abort) {
        c.lock.lock();
        try {
            c.requestClose(abort);
        } finally {
            c.lock.unlock();
        }
        stack.tcp().serve(c, abort, now);
    }

    TcpConnection accept(TcpListener l) throws IOException {
        l.lock.lock();
        try {
            TcpConnection c = l.poll();
            assertThat(c).as("a connection waiting on the listener").isNotNull();
            return c;
        } finally {
            l.lock.unlock();
        }
    }

    // ===================================================================== time

    /** Moves time on by {@code nanos}, running every timer that falls due on the way. */
    void advance(long nanos) {
        long end = now + nanos;
        while (stack.nextDeadline() <= end) {
            now = Math.max(now, stack.nextDeadline());
            stack.advance();
        }
        now = end;
        stack.advance();
    }

    // ===================================================================== segments in

    /** A segment the peer sends: flags, relative sequence and acknowledgment numbers, window, data length. */
    Segment segment(String flags, long seq, long ack, int window) {
        return new Segment(Segment.flags(flags), seq, ack, window, 0).to(stackPort);
    }

    /** Sends {@code s} to the stack now. */
    void inject(Segment s) {
        byte[] f = new byte[EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH + TcpHeader.MAX_LENGTH + s.length];
        int ip = EthernetHeader.LENGTH;
        int tcp = ip + Ipv4Header.MIN_LENGTH;
        int o = tcp + TcpHeader.MIN_LENGTH;
        if (s.mss >= 0) {
            o = TcpOptions.writeMss(f, o, s.mss);
        }
        if (s.sackPermitted) {
            o = TcpOptions.writeSackPermitted(f, o);
        }
        if (s.timestamps) {
            o = TcpOptions.writeTimestamps(f, o, s.tsVal, s.tsEcr);
        } else if (timestampsOn && !s.has(TcpHeader.SYN)) {
            o = TcpOptions.writeTimestamps(f, o, peerTsVal(), lastStackTsVal);
        }
        if (s.windowScale >= 0) {
            o = TcpOptions.writeWindowScale(f, o, s.windowScale);
        }
        if (s.sackBlocks > 0) {
            int[] left = new int[s.sackBlocks];
            int[] right = new int[s.sackBlocks];
            for (int i = 0; i < s.sackBlocks; i++) {
                left[i] = stackSeq(s.sackLeft[i]);
                right[i] = stackSeq(s.sackRight[i]);
            }
            o = TcpOptions.writeSack(f, o, left, right, s.sackBlocks);
        }
        while ((o - tcp) % 4 != 0) {
            f[o++] = TcpOptions.KIND_NOP;
        }
        int headerLength = o - tcp;
        Arrays.fill(f, o, o + s.length, (byte) 'p');
        int segmentLength = headerLength + s.length;
        EthernetHeader.write(f, STACK_MAC, PEER_MAC, EthernetHeader.TYPE_IPV4);
        Ipv4Header.write(f, ip, Ipv4Header.MIN_LENGTH + segmentLength, 1, Ipv4Header.FLAG_DF, 64, Ipv4Header.PROTOCOL_TCP, PEER_IP, STACK_IP);
        TcpHeader.write(f, tcp, peerPort, s.port, (int) (PEER_ISN + s.seq), s.has(TcpHeader.ACK) ? stackSeq(s.ack) : 0, headerLength,
                s.flags, s.window);
        TcpHeader.checksum(f, tcp, segmentLength, PEER_IP, STACK_IP);
        if (s.badChecksum) {
            f[tcp + 16] ^= 0x55;
        }
        stack.receive(f, ip + Ipv4Header.MIN_LENGTH + segmentLength);
    }

    /** The peer's timestamp clock: 1 ms ticks, from 100 at the start. */
    int peerTsVal() {
        return (int) ((now - 1_000 * MS) / MS) + 100;
    }

    /** The stack's sequence number {@code relative} to its ISN; before it sent a SYN, the number as it is. */
    private int stackSeq(long relative) {
        return (int) (stackIsn == null ? relative : stackIsn + relative);
    }

    // ===================================================================== segments out

    @Override
    public long mac() {
        return STACK_MAC;
    }

    @Override
    public int mtu() {
        return 1500;
    }

    @Override
    public void transmit(byte[] frame, int length) {
        if (EthernetHeader.type(frame) != EthernetHeader.TYPE_IPV4 || Ipv4Header.protocol(frame, EthernetHeader.LENGTH) != Ipv4Header.PROTOCOL_TCP) {
            return; // gratuitous ARP and ICMP are not this script's business
        }
        int tcp = EthernetHeader.LENGTH + Ipv4Header.headerLength(frame, EthernetHeader.LENGTH);
        int segmentLength = Ipv4Header.totalLength(frame, EthernetHeader.LENGTH) - (tcp - EthernetHeader.LENGTH);
        assertThat(TcpHeader.checksumValid(frame, tcp, segmentLength, STACK_IP, PEER_IP)).as("the stack's checksum").isTrue();
        int flags = TcpHeader.flags(frame, tcp);
        int seq = TcpHeader.sequence(frame, tcp);
        if ((flags & TcpHeader.SYN) != 0 && stackIsn == null) {
            stackIsn = seq;
        }
        int headerLength = TcpHeader.headerLength(frame, tcp);
        TcpOptions options = new TcpOptions();
        assertThat(options.read(frame, tcp + TcpHeader.MIN_LENGTH, tcp + headerLength)).as("the stack's options").isNull();
        long relSeq = stackIsn == null ? seq : Integer.toUnsignedLong(seq - stackIsn);
        long relAck = (flags & TcpHeader.ACK) == 0 ? 0 : Integer.toUnsignedLong(TcpHeader.acknowledgment(frame, tcp) - PEER_ISN);
        Segment s = new Segment(flags, relSeq, relAck, TcpHeader.window(frame, tcp), segmentLength - headerLength);
        s.at = now;
        s.port = TcpHeader.sourcePort(frame, tcp);
        s.mss = options.mss;
        s.windowScale = options.windowScale;
        s.sackPermitted = options.sackPermitted;
        s.timestamps = options.timestamps;
        s.tsVal = options.tsVal;
        s.tsEcr = options.tsEcr;
        if (options.timestamps) {
            lastStackTsVal = options.tsVal;
        }
        s.sackBlocks = options.sackBlocks;
        for (int i = 0; i < options.sackBlocks; i++) {
            s.sackLeft[i] = Integer.toUnsignedLong(options.sackLeft[i] - PEER_ISN);
            s.sackRight[i] = Integer.toUnsignedLong(options.sackRight[i] - PEER_ISN);
        }
        sent.add(s);
        if (Boolean.getBoolean("peer.trace")) {
            System.out.println("stack -> " + s);
        }
    }

    /** The next segment the stack sent, now or by timers within {@code withinNanos}; fails when none comes. */
    Segment expect(long withinNanos) {
        long end = now + withinNanos;
        while (sent.isEmpty() && stack.nextDeadline() <= end) {
            now = Math.max(now, stack.nextDeadline());
            stack.advance();
        }
        assertThat(sent).as("a segment from the stack within %d ms", withinNanos / MS).isNotEmpty();
        return sent.poll();
    }

    /** The next segment the stack sent now, without time moving. */
    Segment expect() {
        return expect(0);
    }

    /** Nothing from the stack for {@code nanos}: time moves on that far. */
    void expectNothingFor(long nanos) {
        advance(nanos);
        assertThat(sent).as("segments the stack sent").isEmpty();
    }

    /** Forgets what the stack sent so far (a handshake's ACK the script does not care about). */
    void discardSent() {
        sent.clear();
    }

    /**
     * A handshake the peer starts toward {@code listener}: SYN with MSS 1460, SACK, timestamps (val 100) and
     * window scale 7; the stack's SYN-ACK; the peer's ACK. Returns the accepted connection.
     */
    TcpConnection acceptHandshake(TcpListener listener, int window) throws IOException {
        inject(segment("S", 0, 0, 65535).mss(1460).sackPermitted().timestamps(100, 0).windowScale(7));
        Segment synAck = expect().is("S.", 0, 1);
        inject(segment(".", 1, 1, window).timestamps(100, synAck.tsVal));
        timestampsOn = true;
        return accept(listener);
    }

    /** The peer speaks from {@code port} now, for a new connection: the stack's numbers count from its next SYN. */
    void newConnectionFrom(int port) {
        peerPort = port;
        stackIsn = null;
    }

    /** A handshake from the peer's port {@code fromPort} that leaves the connection to the application (no accept). */
    void acceptHandshakeWithoutAccepting(int fromPort) {
        newConnectionFrom(fromPort);
        inject(segment("S", 0, 0, 65535).mss(1460));
        expect().is("S.", 0, 1);
        inject(segment(".", 1, 1, 65535));
    }

    /** A handshake the stack starts: its SYN, the peer's SYN-ACK (MSS 1460, SACK, timestamps, scale 7), its ACK. */
    TcpConnection connectHandshake(int port, int window) throws IOException {
        TcpConnection c = connect(port);
        Segment syn = expect().is("S", 0, 0);
        stackPort = syn.port;
        inject(segment("S.", 0, 1, window).mss(1460).sackPermitted().timestamps(100, syn.tsVal).windowScale(7));
        expect().is(".", 1, 1);
        timestampsOn = true;
        return c;
    }
}
