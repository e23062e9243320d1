package io.vnetif.server.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.vnetif.api.DropReason;
import io.vnetif.api.MacAddress;
import io.vnetif.core.port.PortSpec;
import io.vnetif.server.OutcomeStatistics;
import io.vnetif.server.Tally;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Property tests of the VXLAN decoder (RFC 7348 §5): any datagram from any address is switched by the
 * port of its peer address and VNI or counted under exactly one drop reason, never lost without a count
 * and never an exception. Reserved bits and flags other than I are ignored on receipt, as the RFC says.
 */
class VxlanDecodingPropertiesTest {
    private static final int VNI = 42;
    private static final int HEADER = 8;
    private static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:00:0a");
    private static final MacAddress MAC_B = MacAddress.parse("02:00:00:00:00:0b");
    /** Two peers with the same VNI, told apart by address; source ports do not matter (kernels hash flows onto them). */
    private static final InetSocketAddress PEER_A = new InetSocketAddress(FrameArbitraries.loopback("127.0.0.1"), 4789);
    private static final InetSocketAddress PEER_B = new InetSocketAddress(FrameArbitraries.loopback("127.0.0.2"), 4789);
    private static final InetSocketAddress SWITCH = new InetSocketAddress(FrameArbitraries.loopback("127.0.0.1"), 14789);

    @Property(tries = 1000)
    void theHeaderCheckNeverThrowsAndAcceptsExactlyDatagramsWithTheIFlag(@ForAll("vxlanDatagrams") byte[] datagram,
                                                                         @ForAll @IntRange(max = 16) int readerIndex) {
        ByteBuf buf = Unpooled.wrappedBuffer(FrameArbitraries.concat(new byte[readerIndex], datagram)).skipBytes(readerIndex);
        boolean wellFormed = datagram.length >= HEADER && (datagram[0] & 0x08) != 0;
        assertThat(VxlanHeader.valid(buf)).isEqualTo(wellFormed);
        if (wellFormed) {
            assertThat(VxlanHeader.vni(buf)).isEqualTo(vni(datagram));
        }
    }

    /** 4000 tries: the rarest outcomes (hairpin, egress too long from b to a) come up 3 to 4 times in 1000, too few to never miss. */
    @Property(tries = 4000)
    void everyDatagramIsSwitchedByItsPeerAndVniOrCountedUnderItsReason(@ForAll("vxlanDatagrams") byte[] datagram,
                                                                       @ForAll("senders") InetSocketAddress sender,
                                                                       @ForAll("mtus") int mtuA, @ForAll("mtus") int mtuB) {
        EmbeddedDataPlane plane = new EmbeddedDataPlane();
        EmbeddedChannel socket = plane.vxlanSocket(SWITCH);
        VxlanPort a = plane.attachVxlan(socket, new PortSpec(MAC_A, mtuA, "a", true), PEER_A, VNI);
        VxlanPort b = plane.attachVxlan(socket, new PortSpec(MAC_B, mtuB, "b", true), PEER_B, VNI);

        EmbeddedDataPlane.receive(socket, datagram, sender);

        Tally expected = expect(datagram, sender.getAddress(), a, b);
        assertThat(plane.tally()).isEqualTo(expected);
        OutcomeStatistics.collect(expected.outcome(), "unattributed dropped MALFORMED", "unattributed dropped UNKNOWN_VXLAN_PEER",
                "a dropped FRAME_TOO_SHORT", "a dropped FRAME_TOO_LONG", "a dropped HAIRPIN", "a received",
                "b dropped EGRESS_FRAME_TOO_LONG", "b received");
        VxlanPort receiver = expected.deliveredTo("a") ? a : expected.deliveredTo("b") ? b : null;
        List<EmbeddedDataPlane.Sent> sent = EmbeddedDataPlane.sentThrough(socket);
        if (receiver == null) {
            assertThat(sent).isEmpty();
        } else {
            assertThat(sent).singleElement().satisfies(s -> {
                assertThat(s.to()).isEqualTo(receiver.peer());
                assertThat(s.bytes()).isEqualTo(vxlan(0x08, receiver.vni(), Arrays.copyOfRange(datagram, HEADER, datagram.length)));
            });
        }
    }

    /** RFC 7348 as the switch applies it: the I flag, then the port of the sender's address and the VNI, then switching. */
    private static Tally expect(byte[] datagram, InetAddress sender, VxlanPort a, VxlanPort b) {
        if (datagram.length < HEADER || (datagram[0] & 0x08) == 0) {
            return new Tally().droppedUnattributed(DropReason.MALFORMED);
        }
        VxlanPort from = Arrays.stream(new VxlanPort[] {a, b})
                .filter(p -> p.peer().getAddress().equals(sender) && p.vni() == vni(datagram)).findFirst().orElse(null);
        if (from == null) {
            return new Tally().droppedUnattributed(DropReason.UNKNOWN_VXLAN_PEER);
        }
        return FirstFrameOracle.expect(from.port(), (from == a ? b : a).port(), Arrays.copyOfRange(datagram, HEADER, datagram.length));
    }

    /** The VNI as RFC 7348 places it: bytes 4 to 6, big-endian. */
    private static int vni(byte[] datagram) {
        return (datagram[4] & 0xFF) << 16 | (datagram[5] & 0xFF) << 8 | (datagram[6] & 0xFF);
    }

    private static byte[] vxlan(int flags, int vni, byte[] frame) {
        byte[] header = {(byte) flags, 0, 0, 0, (byte) (vni >> 16), (byte) (vni >> 8), (byte) vni, 0};
        return FrameArbitraries.concat(header, frame);
    }

    /**
     * VXLAN around the frames of ports a and b (the I flag mostly set, VNIs mostly attached ones), two in three
     * damaged in one place (see {@link FrameArbitraries#damaged}); one in ten is any bytes at all.
     */
    @Provide
    Arbitrary<byte[]> vxlanDatagrams() {
        Arbitrary<Integer> flags = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(0x08)), Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<Integer> vnis = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(VNI)),
                Tuple.of(1, Arbitraries.of(VNI + 1, 0, VxlanHeader.MAX_VNI)),
                Tuple.of(1, Arbitraries.integers().between(0, VxlanHeader.MAX_VNI)));
        Arbitrary<byte[]> encapsulated = Combinators.combine(flags, vnis, FrameArbitraries.frames(MAC_A, MAC_B)).as(VxlanDecodingPropertiesTest::vxlan);
        return Arbitraries.frequencyOf(
                Tuple.of(9, FrameArbitraries.damaged(encapsulated)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(9200)));
    }

    /** Mostly either peer's address (from any source port), else a loopback address nobody attached. */
    @Provide
    Arbitrary<InetSocketAddress> senders() {
        Arbitrary<String> addresses = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just("127.0.0.1")), Tuple.of(3, Arbitraries.just("127.0.0.2")),
                Tuple.of(1, Arbitraries.of("127.0.0.3", "::1")));
        return Combinators.combine(addresses.map(FrameArbitraries::loopback), Arbitraries.integers().between(1, 65535))
                .as(InetSocketAddress::new);
    }

    @Provide
    Arbitrary<Integer> mtus() {
        return FrameArbitraries.mtus();
    }
}
