package io.vnetif.netstack.conformance;

import static io.vnetif.netstack.conformance.Peer.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.stats.TcpState;
import io.vnetif.netstack.tcp.TcpConnection;
import io.vnetif.netstack.tcp.TcpListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A SYN flood (RFC 4987): it fills a listener's half-open queue and no more; beyond, SYN cookies answer,
 * so a real client still connects, and only an ACK returning a cookie of this stack's becomes a connection.
 */
class SynCookiesScriptTest {
    private static final int FLOOD = 1000;
    private final Peer peer = new Peer(Peer.config().build());
    private TcpListener listener;

    @BeforeEach
    void flood() throws Exception {
        listener = peer.listen(80);
        for (int i = 0; i < FLOOD; i++) {
            peer.newConnectionFrom(10_000 + i);
            peer.inject(peer.segment("S", 0, 0, 65535).mss(1460).sackPermitted().timestamps(100, 0).windowScale(7));
        }
        peer.discardSent();
    }

    @Test
    void theFloodHoldsTheHalfOpenQueueAndCookiesAnswerTheRest() {
        assertThat(peer.stack.tcp().connectionCount()).as("half-open connections held").isEqualTo(128);
        assertThat(peer.stack.counters().get(Counter.TCP_SYN_COOKIES_SENT)).isEqualTo(FLOOD - 128);
    }

    @Test
    void aRealClientConnectsThroughTheFloodWithTheCookiesMssAndNoOtherOption() throws Exception {
        peer.newConnectionFrom(40_000);
        peer.inject(peer.segment("S", 0, 0, 65535).mss(1410).sackPermitted().timestamps(100, 0).windowScale(7));
        Segment synAck = peer.expect().is("S.", 0, 1);
        assertThat(synAck.mss).as("our MSS").isEqualTo(1460);
        assertThat(synAck.windowScale).as("window scale in a cookie's SYN-ACK").isEqualTo(-1);
        assertThat(synAck.sackPermitted).isFalse();
        assertThat(synAck.timestamps).isFalse();
        assertThat(peer.stack.tcp().connectionCount()).as("nothing kept for it").isEqualTo(128);

        peer.inject(peer.segment("P.", 1, 1, 65535).data(100)); // the ACK may carry the request already
        TcpConnection c = peer.accept(listener);
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(c.remotePort()).isEqualTo(40_000);
        assertThat(peer.read(c)).as("the request the ACK carried").isEqualTo(100);
        assertThat(peer.stack.counters().get(Counter.TCP_SYN_COOKIES_RETURNED)).isEqualTo(1);

        assertThat(c.info().mss()).as("the MSS the cookie held: 1410 rounded down to its table").isEqualTo(1400);
        peer.write(c, 3000);
        peer.expect().is(".", 1, 101).hasLength(1400); // the answer, in full segments of that MSS (no timestamps to make room for)
    }

    @Test
    void anAckReturningNoCookieOfOursIsResetAndMakesNothing() {
        peer.newConnectionFrom(40_001);
        peer.inject(peer.segment("S", 0, 0, 65535).mss(1460));
        Segment synAck = peer.expect().is("S.", 0, 1);
        peer.inject(peer.segment(".", 1, 2, 65535)); // one off: a guess
        peer.expect().is("R", 2, 0);
        peer.newConnectionFrom(40_002); // the right number, from another port: the hash covers the four-tuple
        peer.inject(peer.segment(".", 1, 1, 65535));
        peer.expect();
        assertThat(peer.stack.counters().get(Counter.TCP_SYN_COOKIES_RETURNED)).isZero();
        assertThat(peer.stack.tcp().connectionCount()).isEqualTo(128);
        assertThat(synAck.port).isEqualTo(80);
    }

    @Test
    void aCookieExpiresAfterTwoMinutesAtMost() {
        peer.newConnectionFrom(40_003);
        peer.inject(peer.segment("S", 0, 0, 65535).mss(1460));
        peer.expect().is("S.", 0, 1);
        peer.advance(130_000 * MS);
        peer.discardSent(); // the half-open connections' SYN-ACKs, retransmitted meanwhile
        peer.inject(peer.segment(".", 1, 1, 65535));
        peer.expect().is("R", 1, 0);
        assertThat(peer.stack.counters().get(Counter.TCP_SYN_COOKIES_RETURNED)).isZero();
    }
}
