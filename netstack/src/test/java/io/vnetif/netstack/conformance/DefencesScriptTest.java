package io.vnetif.netstack.conformance;

import static io.vnetif.netstack.conformance.Peer.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.stats.TcpState;
import io.vnetif.netstack.tcp.TcpConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blind injection and old segments (RFC 5961, RFC 7323 §5): what could reset or corrupt a connection
 * without being on its path is answered with a challenge ACK or dropped, and counted.
 */
class DefencesScriptTest {
    private final Peer peer = new Peer(Peer.config().challengeAcksPerSecond(10).build());
    private TcpConnection c;

    @BeforeEach
    void established() throws Exception {
        c = peer.acceptHandshake(peer.listen(80), 1000);
    }

    @Test
    void aResetInTheWindowButNotAtItsEdgeIsChallenged() {
        peer.inject(peer.segment("R", 500, 0, 0));
        peer.expect().is(".", 1, 1); // RFC 5961 §3.2: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(peer.stack.counters().get(Counter.TCP_CHALLENGE_ACKS)).isEqualTo(1);
        assertThat(peer.stack.counters().get(Counter.DROP_TCP_RST_NOT_EXACT)).isEqualTo(1);
    }

    @Test
    void aResetOutsideTheWindowIsDroppedWithoutAWord() {
        peer.inject(peer.segment("R", 10_000_000, 0, 0));
        peer.expectNothingFor(100 * MS);
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(peer.stack.counters().get(Counter.DROP_TCP_OUT_OF_WINDOW)).isEqualTo(1);
    }

    @Test
    void aSynOnAnEstablishedConnectionIsChallengedNotObeyed() {
        peer.inject(peer.segment("S", 300, 0, 65535).mss(1460));
        peer.expect().is(".", 1, 1); // RFC 5961 §4.2
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(peer.stack.counters().get(Counter.DROP_TCP_SYN_IN_WINDOW)).isEqualTo(1);
    }

    @Test
    void dataAcknowledgingWhatWasNeverSentIsDroppedAndAnswered() throws Exception {
        peer.inject(peer.segment("P.", 1, 5_000, 1000).data(100));
        peer.expect().is(".", 1, 1); // RFC 5961 §5.2: ACK above SND.MAX: answer with an ACK, drop the segment
        assertThat(peer.read(c)).as("the data of the dropped segment").isZero();
        assertThat(peer.stack.counters().get(Counter.DROP_TCP_BAD_ACK)).isEqualTo(1);
    }

    @Test
    void aSegmentWithAnOlderTimestampIsRejectedByPaws() throws Exception {
        peer.inject(peer.segment("P.", 1, 1, 1000).data(100).timestamps(5_000, 0));
        peer.advance(100 * MS);
        peer.discardSent();
        assertThat(peer.read(c)).isEqualTo(100);
        peer.inject(peer.segment("P.", 101, 1, 1000).data(100).timestamps(4_000, 0)); // in the window, from the past
        peer.expect().is(".", 1, 101);
        assertThat(peer.read(c)).as("data of the old segment").isZero();
        assertThat(peer.stack.counters().get(Counter.DROP_TCP_PAWS)).isEqualTo(1);
    }

    @Test
    void aCorruptedSegmentIsCountedAndOtherwiseIgnored() throws Exception {
        peer.inject(peer.segment("P.", 1, 1, 1000).data(100).corrupted());
        peer.expectNothingFor(500 * MS);
        assertThat(peer.read(c)).isZero();
        assertThat(peer.stack.counters().get(Counter.DROP_TCP_BAD_CHECKSUM)).isEqualTo(1);
    }

    @Test
    void challengeAcksAreRateLimitedStackWide() {
        for (int i = 0; i < 100; i++) {
            peer.inject(peer.segment("R", 500 + i, 0, 0));
        }
        int acks = 0;
        while (true) {
            try {
                peer.expect();
                acks++;
            } catch (AssertionError none) {
                break;
            }
        }
        assertThat(acks).as("challenge ACKs for 100 resets in one second, 10 allowed").isEqualTo(10);
        assertThat(peer.stack.counters().get(Counter.DROP_TCP_RST_NOT_EXACT)).isEqualTo(100);
    }

    @Test
    void acksToOldPureAcksAreRateLimitedSoTwoConfusedEndsCannotStorm() {
        for (int i = 0; i < 50; i++) {
            peer.inject(peer.segment(".", -5_000, 1, 1000)); // old: left of the window
        }
        peer.expect().is(".", 1, 1);
        peer.expectNothingFor(100 * MS);
        assertThat(peer.stack.counters().get(Counter.TCP_OUT_OF_WINDOW_ACKS_SKIPPED)).isEqualTo(49);
        peer.advance(500 * MS);
        peer.inject(peer.segment(".", -5_000, 1, 1000));
        peer.expect().is(".", 1, 1);
    }
}
