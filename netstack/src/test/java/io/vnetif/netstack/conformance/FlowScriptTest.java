package io.vnetif.netstack.conformance;

import static io.vnetif.netstack.conformance.Peer.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.stats.TcpState;
import io.vnetif.netstack.tcp.TcpConnection;
import io.vnetif.netstack.tcp.TcpListener;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Flow control and pacing (RFC 9293 §3.8, RFC 1122 §4.2.3): windows, zero-window probes, Nagle, delayed
 * ACKs, keepalive, the peer's MSS, and the bounds of a listener.
 */
class FlowScriptTest {
    @Test
    void aZeroWindowIsProbedWithOneByteAtBackedOffIntervalsForAsLongAsThePeerAnswers() throws Exception {
        Peer peer = new Peer(Peer.config().maxRetransmits(3).build());
        TcpConnection c = peer.acceptHandshake(peer.listen(80), 0); // the peer's window: zero
        peer.write(c, 1000);
        peer.expectNothingFor(0);
        long written = peer.now();
        long at = written;
        long interval = 200 * MS; // the RTO after the handshake's sample: the minimum
        for (int probe = 0; probe < 6; probe++) {  // more probes than retransmissions allowed: answered ones do not count
            Segment s = peer.expect(60_000 * MS).is(".", 1, 1).hasLength(1); // RFC 9293 §3.8.6.1: the first byte, again
            assertThat(s.at - at).as("interval before probe %d", probe + 1).isEqualTo(interval);
            at = s.at;
            interval *= 2;
            peer.inject(peer.segment(".", 1, 1, 0)); // still zero: the byte stays unacknowledged
        }
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        peer.inject(peer.segment(".", 1, 1, 2048 >> 7)); // open: 16 << 7 = 2048 bytes
        peer.expect().is("P.", 1, 1).hasLength(1000); // the probe byte, dropped by the shut window, leads
        assertThat(peer.stack.counters().get(Counter.TCP_ZERO_WINDOW_PROBES)).isEqualTo(6);
    }

    @Test
    void anAckWhileAProbeIsOutstandingIsNumberedWithinThePeersShutWindow() throws Exception {
        // An echo server whose reader waits on its writer keeps its window shut while it sends. The probe byte
        // lies past that window; an ACK numbered after it (SND.MAX) is one the peer must drop (RFC 9293
        // §3.10.7.4: a zero window accepts SEG.SEQ = RCV.NXT only), so it would never learn its data arrived,
        // and neither side would move again (NetStackSocketsTest's echo hung so in CI).
        Peer peer = new Peer(Peer.config().build());
        TcpConnection c = peer.acceptHandshake(peer.listen(80), 0);
        peer.write(c, 1000);
        peer.expect(60_000 * MS).is(".", 1, 1).hasLength(1);     // the probe: byte 1, past the shut window
        peer.inject(peer.segment("P.", 1, 1, 0).data(100));      // the peer's data, its window still shut
        peer.expect(100 * MS).is(".", 1, 101).hasLength(0);      // at the window's edge, as Linux's tcp_acceptable_seq
    }

    @Test
    void everyAckThatMovesSndUnaSetsTheSendWindowThoughItsSegmentIsARetransmission() throws Exception {
        // RFC 9293 §3.10.7.4 takes the window only from a segment newer than SND.WL1; a retransmission that fills
        // a hole is older, yet its ACK moves SND.UNA: keeping the old window would move its right edge past what
        // the peer offered, and the data sent there is dropped (Linux's tcp_may_update_window takes it).
        Peer peer = new Peer(Peer.config().build());
        TcpConnection c = peer.acceptHandshake(peer.listen(80), 2048 >> 7);
        peer.inject(peer.segment("P.", 101, 1, 2048 >> 7).data(100)); // the peer's second segment: its first was lost
        peer.expect().is(".", 1, 1).hasSack(101, 201);
        peer.write(c, 4000);
        Segment first = peer.expect().is(".", 1, 1);
        peer.expectNothingFor(0); // what is left of the window is too small to use (sender SWS avoidance)
        peer.inject(peer.segment("P.", 1, 1 + first.length, 0).data(100)); // the first again: all acknowledged, window shut
        peer.expect().is(".", 1 + first.length, 201).hasLength(0);
        peer.expectNothingFor(100 * MS);
    }

    @Test
    void probesNobodyAnswersEndTheConnection() throws Exception {
        Peer peer = new Peer(Peer.config().maxRetransmits(3).build());
        TcpConnection c = peer.acceptHandshake(peer.listen(80), 0);
        peer.write(c, 1000);
        for (int probe = 0; probe < 3; probe++) {
            peer.expect(60_000 * MS).is(".", 1, 1).hasLength(1);
        }
        peer.expect(60_000 * MS).is("R", 2, 0);
        assertThat(c.error()).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("3 zero-window probes unanswered");
    }

    @Test
    void theAdvertisedWindowIsScaledAndShrinksAsUnreadDataFillsTheBuffer() throws Exception {
        Peer peer = new Peer(Peer.config().receiveBuffer(64 * 1024).build());
        TcpConnection c = peer.acceptHandshake(peer.listen(80), 65535);
        // 64 KiB needs shift 1 (RFC 7323 §2.3: the smallest that fits); the field says window >> 1.
        peer.inject(peer.segment("P.", 1, 1, 65535).data(1000));
        peer.inject(peer.segment("P.", 1001, 1, 65535).data(1000));
        peer.expect(100 * MS).is(".", 1, 2001).hasWindow((64 * 1024 - 2000) >> 1); // less than two full segments: delayed
        assertThat(peer.read(c)).isEqualTo(2000);
        // Reading 2000 bytes frees less than the update threshold (receiver SWS avoidance): no update yet.
        peer.stack.tcp().serve(c, false, peer.now());
        peer.expectNothingFor(500 * MS);
    }

    @Test
    void nagleHoldsSmallWritesWhileDataIsUnacknowledgedAndNoDelaySendsThem() throws Exception {
        Peer peer = new Peer(Peer.config().build());
        TcpConnection c = peer.acceptHandshake(peer.listen(80), 65535);
        peer.write(c, 10);
        peer.expect().is("P.", 1, 1).hasLength(10);
        peer.write(c, 10);
        peer.write(c, 10);
        peer.expectNothingFor(0);                       // RFC 896: wait for the ACK of the first
        peer.inject(peer.segment(".", 1, 11, 65535));
        peer.expect().is("P.", 11, 1).hasLength(20);    // the two small writes, coalesced
        c.setNoDelay(true);
        peer.write(c, 10);
        peer.expect().is("P.", 31, 1).hasLength(10);    // TCP_NODELAY: at once, though 20 bytes are in flight
    }

    @Test
    void oneSegmentIsAcknowledgedAfterTheDelayAndTwoFullOnesAtOnce() throws Exception {
        Peer peer = new Peer(Peer.config().delayedAck(40 * MS).build());
        peer.acceptHandshake(peer.listen(80), 65535);
        long start = peer.now();
        peer.inject(peer.segment("P.", 1, 1, 65535).data(100));
        Segment ack = peer.expect(1_000 * MS).is(".", 1, 101);
        assertThat(ack.at - start).as("the delayed ACK's wait").isBetween(39 * MS, 41 * MS);
        peer.inject(peer.segment(".", 101, 1, 65535).data(1448));
        peer.expectNothingFor(0);
        peer.inject(peer.segment(".", 1549, 1, 65535).data(1448));
        peer.expect().is(".", 1, 2997); // RFC 5681 §4.2: at least every second full-sized segment
    }

    @Test
    void keepaliveProbesAnIdleConnectionAndGivesUpWhenNoOneAnswers() throws Exception {
        Peer peer = new Peer(Peer.config().keepaliveIdle(10_000 * MS).keepaliveInterval(1_000 * MS).keepaliveProbes(3).build());
        TcpConnection c = peer.acceptHandshake(peer.listen(80), 65535);
        c.setKeepAlive(true);
        peer.stack.tcp().serve(c, false, peer.now());
        long start = peer.now();
        Segment probe = peer.expect(20_000 * MS).is(".", 0, 1).hasLength(0); // SND.UNA - 1: the peer must answer
        assertThat(probe.at - start).isEqualTo(10_000 * MS);
        peer.inject(peer.segment(".", 1, 1, 65535));   // answered: idle again
        Segment next = peer.expect(20_000 * MS).is(".", 0, 1);
        assertThat(next.at - probe.at).isEqualTo(10_000 * MS);
        peer.expect(2_000 * MS).is(".", 0, 1);
        peer.expect(2_000 * MS).is(".", 0, 1);
        peer.expect(2_000 * MS).is("R", 1, 0);          // three unanswered: the connection is lost
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(c.error()).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("3 keepalive probes unanswered");
    }

    @Test
    void segmentsNeverExceedThePeersMssLessOptions() throws Exception {
        Peer peer = new Peer(Peer.config().build());
        TcpListener listener = peer.listen(80);
        peer.inject(peer.segment("S", 0, 0, 65535).mss(600).timestamps(100, 0));
        Segment synAck = peer.expect().is("S.", 0, 1);
        peer.inject(peer.segment(".", 1, 1, 65535).timestamps(100, synAck.tsVal));
        peer.timestampsOn = true;
        TcpConnection c = peer.accept(listener);
        peer.write(c, 3000);
        for (int i = 0; i < 5; i++) {
            peer.expect().is(".", 1 + 588L * i, 1).hasLength(600 - 12);
        }
        peer.expectNothingFor(0); // 60 bytes left: Nagle waits for an ACK
        peer.inject(peer.segment(".", 1, 1 + 588 * 5, 65535));
        peer.expect().is("P.", 1 + 588 * 5, 1).hasLength(60);
    }

    @Test
    void aHandshakeBeyondTheBacklogWaitsHalfOpenUntilTheApplicationAccepts() throws Exception {
        Peer peer = new Peer(Peer.config().build());
        TcpListener listener = peer.stack.tcp().listen(80, 1);
        peer.stackPort = 80;
        peer.acceptHandshakeWithoutAccepting(10_001);
        peer.acceptHandshakeWithoutAccepting(10_002); // the accept queue (1) is full: this one stays SYN-RECEIVED
        assertThat(peer.stack.counters().get(Counter.DROP_TCP_ACCEPT_QUEUE_FULL)).isEqualTo(1);
        assertThat(peer.accept(listener).remotePort()).isEqualTo(10_001);
        // The SYN-ACK goes again; the peer's ACK to it now finds room.
        Segment synAck = peer.expect(5_000 * MS).is("S.", 0, 1);
        peer.inject(peer.segment(".", 1, 1, 65535));
        assertThat(peer.accept(listener).remotePort()).isEqualTo(10_002);
        assertThat(synAck.port).isEqualTo(80);
    }
}
