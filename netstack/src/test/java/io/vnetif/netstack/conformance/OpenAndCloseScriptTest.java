package io.vnetif.netstack.conformance;

import static io.vnetif.netstack.conformance.Peer.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.stats.TcpState;
import io.vnetif.netstack.tcp.TcpConnection;
import io.vnetif.netstack.tcp.TcpListener;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Opening and closing (RFC 9293 §3.5, §3.6, §3.10): handshakes both ways and at once, half-close, TIME-WAIT, resets. */
class OpenAndCloseScriptTest {
    private final Peer peer = new Peer(Peer.config().timeWait(60_000 * MS).build());

    @Test
    void aPassiveOpenAnswersEveryOptionItIsOffered() throws Exception {
        TcpListener listener = peer.listen(80);
        peer.inject(peer.segment("S", 0, 0, 65535).mss(1460).sackPermitted().timestamps(100, 0).windowScale(7));
        // 256 KiB of receive buffer needs a shift of 3; a SYN's window is never scaled (RFC 7323 §2.2).
        Segment synAck = peer.expect().is("S.", 0, 1).hasWindow(65535).echoes(100);
        assertThat(synAck.mss).isEqualTo(1460);
        assertThat(synAck.sackPermitted).isTrue();
        assertThat(synAck.windowScale).isEqualTo(3);
        peer.inject(peer.segment(".", 1, 1, 512).timestamps(101, synAck.tsVal));
        TcpConnection c = peer.accept(listener);
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(c.info().sendWindow()).as("the peer's window, scaled by its shift 7").isEqualTo(512 << 7);
        assertThat(c.info()).satisfies(i -> {
            assertThat(i.sendWindowScale()).isEqualTo(7);
            assertThat(i.receiveWindowScale()).isEqualTo(3);
            assertThat(i.timestamps()).isTrue();
            assertThat(i.sack()).isTrue();
        });
    }

    @Test
    void optionsTheSynDidNotOfferAreNotUsedAndTheMssDefaultsTo536() throws Exception {
        TcpListener listener = peer.listen(80);
        peer.inject(peer.segment("S", 0, 0, 65535));
        Segment synAck = peer.expect().is("S.", 0, 1);
        assertThat(synAck.mss).as("the stack always says its MSS").isEqualTo(1460);
        assertThat(synAck.sackPermitted || synAck.timestamps || synAck.windowScale >= 0).as("options not offered").isFalse();
        peer.inject(peer.segment(".", 1, 1, 65535));
        TcpConnection c = peer.accept(listener);
        peer.write(c, 2000);
        peer.expect().is(".", 1, 1).hasLength(536); // RFC 9293 §3.7.1: no MSS option means 536
        assertThat(peer.expect().length).isEqualTo(536);
    }

    @Test
    void aRetransmittedSynIsAnsweredWithTheSynAckAtOnce() throws Exception {
        TcpListener listener = peer.listen(80);
        peer.inject(peer.segment("S", 0, 0, 65535).mss(1460));
        peer.expect().is("S.", 0, 1); // lost on its way, say
        peer.advance(700 * MS);
        peer.inject(peer.segment("S", 0, 0, 65535).mss(1460));
        peer.expect().is("S.", 0, 1).sentAt(peer.now()); // not at the SYN-ACK's own timeout, 300 ms later
        peer.inject(peer.segment(".", 1, 1, 65535));
        assertThat(peer.accept(listener).state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(peer.stack.counters().get(Counter.TCP_RETRANSMITS)).isEqualTo(1);
    }

    @Test
    void anActiveOpenOffersItsOptionsAndAcknowledgesTheSynAck() throws Exception {
        TcpConnection c = peer.connect(8080);
        Segment syn = peer.expect().is("S", 0, 0).hasWindow(65535);
        assertThat(syn.mss).isEqualTo(1460);
        assertThat(syn.sackPermitted).isTrue();
        assertThat(syn.timestamps).isTrue();
        assertThat(syn.windowScale).isEqualTo(3);
        peer.stackPort = syn.port;
        peer.inject(peer.segment("S.", 0, 1, 65535).mss(1400).sackPermitted().timestamps(500, syn.tsVal).windowScale(2));
        peer.expect().is(".", 1, 1).echoes(500);
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(c.info().mss()).isEqualTo(1400);
    }

    @Test
    void aSimultaneousOpenAnswersTheCrossingSynWithASynAck() throws Exception {
        TcpConnection c = peer.connect(8080);
        Segment syn = peer.expect().is("S", 0, 0);
        peer.stackPort = syn.port;
        // RFC 9293 §3.5, figure 8: each side's SYN arrives before the other's SYN-ACK.
        peer.inject(peer.segment("S", 0, 0, 65535).mss(1460));
        peer.expect().is("S.", 0, 1);
        assertThat(c.state()).isEqualTo(TcpState.SYN_RECEIVED);
        peer.inject(peer.segment("S.", 0, 1, 65535).mss(1460));
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void aSegmentForNoConnectionIsAnsweredWithAReset() {
        peer.inject(peer.segment("S", 0, 0, 65535).to(9));
        peer.expect().is("R.", 0, 1);
        peer.inject(peer.segment(".", 5, 77, 65535).to(9).data(10)); // no connection, so 77 is taken as it is
        peer.expect().is("R", 77, 0); // <SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.10.7.1)
        peer.inject(peer.segment("R", 5, 0, 0).to(9));
        peer.expectNothingFor(10 * MS);
        assertThat(peer.stack.counters().get(Counter.DROP_TCP_NO_CONNECTION)).isEqualTo(3);
    }

    @Test
    void aResetWithAnAcceptableAckRefusesAConnectAndOneWithout() throws Exception {
        TcpConnection c = peer.connect(8080);
        Segment syn = peer.expect().is("S", 0, 0);
        peer.stackPort = syn.port;
        peer.inject(peer.segment("R.", 0, 5, 0)); // acknowledges nothing we sent: ignored (RFC 9293 §3.10.7.3)
        assertThat(c.state()).isEqualTo(TcpState.SYN_SENT);
        peer.inject(peer.segment("R.", 0, 1, 0));
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(c.error()).isInstanceOf(ConnectException.class).hasMessageContaining("refused");
    }

    @Test
    void afterThePeerHalfClosesTheStackStillSendsThenClosesFromLastAck() throws Exception {
        TcpListener listener = peer.listen(80);
        TcpConnection c = peer.acceptHandshake(listener, 1000);
        peer.inject(peer.segment("P.", 1, 1, 1000).data(100));
        peer.inject(peer.segment("F.", 101, 1, 1000));
        peer.expect(200 * MS).is(".", 1, 102);
        assertThat(c.state()).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(peer.read(c)).isEqualTo(100);
        assertThat(peer.read(c)).as("the end of the stream").isEqualTo(-1);
        peer.write(c, 300);
        peer.expect().is("P.", 1, 102).hasLength(300);
        peer.close(c, false);
        peer.expect().is("F.", 301, 102);
        assertThat(c.state()).isEqualTo(TcpState.LAST_ACK);
        peer.inject(peer.segment(".", 102, 302, 1000));
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(c.error()).isNull();
    }

    @Test
    void timeWaitAcknowledgesARetransmittedFinAndEndsAfterItsTime() throws Exception {
        TcpListener listener = peer.listen(80);
        TcpConnection c = peer.acceptHandshake(listener, 1000);
        peer.close(c, false);
        peer.expect().is("F.", 1, 1);
        peer.inject(peer.segment(".", 1, 2, 1000));
        assertThat(c.state()).isEqualTo(TcpState.FIN_WAIT_2);
        peer.inject(peer.segment("F.", 1, 2, 1000));
        peer.expect().is(".", 2, 2);
        assertThat(c.state()).isEqualTo(TcpState.TIME_WAIT);
        peer.advance(30_000 * MS);
        peer.inject(peer.segment("F.", 1, 2, 1000)); // our ACK was lost: the FIN comes again
        peer.expect().is(".", 2, 2);
        peer.advance(59_000 * MS);
        assertThat(c.state()).as("TIME-WAIT restarted by the FIN (RFC 9293 §3.10.7.4)").isEqualTo(TcpState.TIME_WAIT);
        peer.advance(1_100 * MS);
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(peer.stack.tcp().connectionCount()).isZero();
    }

    @Test
    void aSimultaneousCloseGoesThroughClosingToTimeWait() throws Exception {
        TcpListener listener = peer.listen(80);
        TcpConnection c = peer.acceptHandshake(listener, 1000);
        peer.close(c, false);
        peer.expect().is("F.", 1, 1);
        peer.inject(peer.segment("F.", 1, 1, 1000)); // the peer's FIN crosses ours
        peer.expect().is(".", 2, 2);
        assertThat(c.state()).isEqualTo(TcpState.CLOSING);
        peer.inject(peer.segment(".", 2, 2, 1000));
        assertThat(c.state()).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void anAbortSendsAReset() throws Exception {
        TcpListener listener = peer.listen(80);
        TcpConnection c = peer.acceptHandshake(listener, 1000);
        peer.close(c, true);
        peer.expect().is("R", 1, 0); // RFC 9293 §3.10.5: <SEQ=SND.NXT><CTL=RST>
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void anExactResetEndsAnEstablishedConnectionWithAClearError() throws Exception {
        TcpListener listener = peer.listen(80);
        TcpConnection c = peer.acceptHandshake(listener, 1000);
        peer.inject(peer.segment("R", 1, 0, 0));
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(c.error()).hasMessageContaining("connection reset by 198.19.0.2:40000");
    }

    @Test
    void aResetInSynReceivedReturnsTheListenerToListening() throws Exception {
        TcpListener listener = peer.listen(80);
        peer.inject(peer.segment("S", 0, 0, 65535).mss(1460));
        peer.expect().is("S.", 0, 1);
        assertThat(peer.stack.tcp().connectionCount()).isEqualTo(1);
        peer.inject(peer.segment("R", 1, 0, 0));
        assertThat(peer.stack.tcp().connectionCount()).isZero();
        peer.inject(peer.segment("S", 0, 0, 65535).mss(1460));
        peer.expect().is("S.", 0, 1);
        assertThat(listener.isClosed()).isFalse();
    }
}
