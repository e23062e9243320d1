package io.vnetif.netstack.conformance;

import static io.vnetif.netstack.conformance.Peer.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.stats.TcpState;
import io.vnetif.netstack.tcp.TcpConnection;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Loss: fast retransmit on three duplicate ACKs (RFC 5681), SACK-driven recovery (RFC 6675), SACK blocks
 * for the holes the stack sees (RFC 2018), the retransmission timer and its backoff (RFC 6298), and the
 * end of retrying.
 */
class LossRecoveryScriptTest {
    /** Segments of 1448 bytes: MSS 1460 less 12 of timestamps. */
    private static final int SEG = 1448;

    private static Peer peer(boolean sack) {
        return new Peer(Peer.config().sack(sack).build());
    }

    /** An established connection from the stack, cwnd 10 segments, that has sent {@code segments} full segments. */
    private static TcpConnection sending(Peer peer, int segments) throws Exception {
        TcpConnection c = peer.acceptHandshake(peer.listen(80), 65535);
        peer.write(c, segments * SEG);
        for (int i = 0; i < segments; i++) {
            peer.expect().is(i == segments - 1 ? "P." : ".", 1 + (long) i * SEG, 1).hasLength(SEG); // PSH: the end of the write
        }
        return c;
    }

    @Test
    void threeDuplicateAcksRetransmitTheFirstUnacknowledgedSegment() throws Exception {
        Peer peer = peer(false);
        TcpConnection c = sending(peer, 6);
        peer.inject(peer.segment(".", 1, 1 + SEG, 65535)); // segment 1 arrived, 2 was lost
        for (int i = 0; i < 2; i++) {
            peer.inject(peer.segment(".", 1, 1 + SEG, 65535));
        }
        peer.expectNothingFor(0);
        peer.inject(peer.segment(".", 1, 1 + SEG, 65535)); // the third duplicate
        peer.expect().is(".", 1 + SEG, 1).hasLength(SEG);
        assertThat(c.info().inRecovery()).isTrue();
        assertThat(peer.stack.counters().get(Counter.TCP_FAST_RETRANSMITS)).isEqualTo(1);
        // NewReno (RFC 6582): a partial ACK retransmits the next hole at once.
        peer.inject(peer.segment(".", 1, 1 + 3 * SEG, 65535));
        peer.expect().is(".", 1 + 3 * SEG, 1).hasLength(SEG);
    }

    @Test
    void withSackTheHolesTheBlocksLeaveAreRetransmittedAndNothingSackedGoesAgain() throws Exception {
        Peer peer = peer(true);
        TcpConnection c = sending(peer, 8);
        // Segments 2 and 5 lost (relative 1449.. and 5793..); the rest arrived.
        long s2 = 1 + SEG;
        long s3 = 1 + 2L * SEG;
        long s5 = 1 + 4L * SEG;
        long s6 = 1 + 5L * SEG;
        long end = 1 + 8L * SEG;
        peer.inject(peer.segment(".", 1, s2, 65535).sack(s3, s3 + SEG));
        peer.inject(peer.segment(".", 1, s2, 65535).sack(s3, s3 + 2 * SEG));
        peer.inject(peer.segment(".", 1, s2, 65535).sack(s3, s5, s6, s6 + SEG));
        peer.expect().is(".", s2, 1).hasLength(SEG);
        peer.inject(peer.segment(".", 1, s2, 65535).sack(s6, end, s3, s5));
        peer.expect().is(".", s5, 1).hasLength(SEG);
        peer.inject(peer.segment(".", 1, s5, 65535).sack(s6, end));
        peer.inject(peer.segment(".", 1, end, 65535));
        assertThat(c.info().inRecovery()).isFalse();
        assertThat(c.info().retransmits()).as("the two holes, once each").isEqualTo(2);
    }

    @Test
    void theStackSaysWhichDataItHoldsBeyondTwoHoles() throws Exception {
        Peer peer = peer(true);
        TcpConnection c = peer.acceptHandshake(peer.listen(80), 65535);
        peer.inject(peer.segment("P.", 1, 1, 65535).data(100));          // 1..101 in order
        peer.expect(100 * MS);
        peer.inject(peer.segment("P.", 201, 1, 65535).data(100));        // 101..201 lost; 201..301 early
        peer.expect().is(".", 1, 101).hasSack(201, 301);
        peer.inject(peer.segment("P.", 401, 1, 65535).data(100));        // 301..401 lost; 401..501 early
        peer.expect().is(".", 1, 101).hasSack(401, 501, 201, 301);       // the newest block first (RFC 2018 §4)
        peer.inject(peer.segment("P.", 101, 1, 65535).data(100));        // the first hole filled
        peer.expect().is(".", 1, 301).hasSack(401, 501);
        peer.inject(peer.segment("P.", 301, 1, 65535).data(100));
        peer.expect().is(".", 1, 501).hasSack();
        assertThat(peer.read(c)).isEqualTo(500);
    }

    @Test
    void theRetransmissionTimeoutDoublesEachTimeAndTheConnectionGivesUpWithAClearError() throws Exception {
        Peer peer = new Peer(Peer.config().sack(false).minRto(200 * MS).maxRetransmits(4).build());
        TcpConnection c = sending(peer, 1);
        long sent = peer.now();
        long rto = c.info().rto().toNanos();
        assertThat(rto).as("RTO after one sample of ~0 ms: the minimum").isEqualTo(200 * MS);
        for (int i = 0; i < 4; i++) {
            Segment again = peer.expect(10_000 * MS).is("P.", 1, 1).hasLength(SEG);
            assertThat(again.at - sent).as("retransmission %d", i + 1).isEqualTo(rto << i);
            sent = again.at;
        }
        peer.expect(10_000 * MS).is("R", 1 + SEG, 0); // the fifth timeout: give up, reset the peer
        assertThat(peer.now() - sent).isEqualTo(rto << 4);
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(c.error()).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("4 retransmissions unanswered");
    }

    @Test
    void anUnansweredConnectSendsItsSynAgainAtOneTwoFourSecondsThenFails() throws Exception {
        Peer peer = new Peer(Peer.config().maxSynRetransmits(3).build());
        TcpConnection c = peer.connect(8080);
        long sent = peer.expect().is("S", 0, 0).at;
        for (int i = 0; i < 3; i++) {
            Segment again = peer.expect(100_000 * MS).is("S", 0, 0);
            assertThat(again.at - sent).isEqualTo(1_000 * MS << i); // RFC 6298 §5.7: the initial RTO, doubled
            sent = again.at;
        }
        peer.advance(8_000 * MS);
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(c.error()).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("timed out after 4 SYNs");
    }
}
