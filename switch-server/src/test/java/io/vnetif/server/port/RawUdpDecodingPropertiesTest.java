package io.vnetif.server.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.vnetif.api.DropReason;
import io.vnetif.api.MacAddress;
import io.vnetif.core.port.PortSpec;
import io.vnetif.server.OutcomeStatistics;
import io.vnetif.server.Tally;
import io.vnetif.wire.Ethernet;
import java.net.InetSocketAddress;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property tests of the raw-UDP port's socket: a datagram from the port's remote endpoint is one frame,
 * switched or counted under one drop reason; from any other endpoint — another source port included —
 * it is an unattributed WRONG_SOURCE_ENDPOINT (raw UDP proves nothing about its sender, so it is not the
 * port's drop) and never reaches the engine.
 */
class RawUdpDecodingPropertiesTest {
    private static final MacAddress MAC_RAW = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress MAC_OTHER = MacAddress.parse("02:00:00:00:00:02");
    private static final InetSocketAddress REMOTE = new InetSocketAddress(FrameArbitraries.loopback("127.0.0.1"), 15555);
    private static final InetSocketAddress OTHER_REMOTE = new InetSocketAddress(FrameArbitraries.loopback("127.0.0.1"), 15556);
    private static final InetSocketAddress LOCAL = new InetSocketAddress(FrameArbitraries.loopback("127.0.0.1"), 16000);
    private static final InetSocketAddress OTHER_LOCAL = new InetSocketAddress(FrameArbitraries.loopback("127.0.0.1"), 16001);

    @Property(tries = 1000)
    void aDatagramFromTheRemoteIsOneFrameAndFromAnyOtherEndpointAWrongSource(@ForAll("frames") byte[] datagram,
                                                                           @ForAll("senders") InetSocketAddress sender,
                                                                           @ForAll("mtus") int mtu, @ForAll boolean restrictSourceMac) {
        EmbeddedDataPlane plane = new EmbeddedDataPlane();
        EmbeddedDataPlane.RawUdp raw = plane.attachRawUdp(new PortSpec(MAC_RAW, mtu, "raw", !restrictSourceMac), REMOTE, LOCAL);
        EmbeddedDataPlane.RawUdp other = plane.attachRawUdp(new PortSpec(MAC_OTHER, Ethernet.DEFAULT_MTU, "other", true),
                OTHER_REMOTE, OTHER_LOCAL);

        EmbeddedDataPlane.receive(raw.socket(), datagram, sender);

        Tally expected = sender.equals(REMOTE) ? FirstFrameOracle.expect(raw.port().port(), other.port().port(), datagram)
                : new Tally().droppedUnattributed(DropReason.WRONG_SOURCE_ENDPOINT);
        assertThat(plane.tally()).isEqualTo(expected);
        OutcomeStatistics.collect(expected.outcome(), "unattributed dropped WRONG_SOURCE_ENDPOINT", "raw dropped FRAME_TOO_SHORT",
                "raw dropped FRAME_TOO_LONG", "raw dropped SPOOFED_SOURCE_MAC", "raw dropped HAIRPIN",
                "other dropped EGRESS_FRAME_TOO_LONG", "other received");
        assertThat(EmbeddedDataPlane.sentThrough(raw.socket())).as("nothing goes back to the sender").isEmpty();
        List<EmbeddedDataPlane.Sent> toOther = EmbeddedDataPlane.sentThrough(other.socket());
        if (expected.deliveredTo("other")) {
            assertThat(toOther).singleElement().satisfies(s -> {
                assertThat(s.to()).isEqualTo(OTHER_REMOTE);
                assertThat(s.bytes()).as("the frame as it came, no header").isEqualTo(datagram);
            });
        } else {
            assertThat(toOther).isEmpty();
        }
    }

    /** The socket is bound before its port exists (AttachRawUdp binds, then attaches): what arrives between is counted. */
    @Property(tries = 200)
    void aDatagramBeforeThePortExistsIsAnUnknownPort(@ForAll("frames") byte[] datagram, @ForAll("senders") InetSocketAddress sender) {
        EmbeddedDataPlane plane = new EmbeddedDataPlane();
        EmbeddedChannel socket = plane.rawSocketNotServingYet(LOCAL);

        EmbeddedDataPlane.receive(socket, datagram, sender);

        assertThat(plane.tally()).isEqualTo(new Tally().droppedUnattributed(DropReason.UNKNOWN_PORT));
        assertThat(EmbeddedDataPlane.sentThrough(socket)).isEmpty();
    }

    @Provide
    Arbitrary<byte[]> frames() {
        return FrameArbitraries.frames(MAC_RAW, MAC_OTHER);
    }

    @Provide
    Arbitrary<InetSocketAddress> senders() {
        return FrameArbitraries.sendersAround(REMOTE);
    }

    @Provide
    Arbitrary<Integer> mtus() {
        return FrameArbitraries.mtus();
    }
}
