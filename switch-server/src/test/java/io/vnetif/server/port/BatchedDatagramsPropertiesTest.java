package io.vnetif.server.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.vnetif.api.MacAddress;
import io.vnetif.core.port.PortSpec;
import io.vnetif.wire.Ethernet;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * A receive batch of any frames, of any lengths, from one VXLAN peer to another: however the switch
 * lays them into segmented sends (one recipient, equal segments, a shorter last one, at most 1472 bytes
 * a segment off this host, longer datagrams alone), the peer gets exactly those datagrams, in order.
 */
class BatchedDatagramsPropertiesTest {
    private static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:00:0a");
    private static final MacAddress MAC_B = MacAddress.parse("02:00:00:00:00:0b");
    private static final InetSocketAddress PEER_A = new InetSocketAddress(FrameArbitraries.loopback("198.18.0.1"), 4789);
    private static final InetSocketAddress PEER_B = new InetSocketAddress(FrameArbitraries.loopback("198.18.0.2"), 4789);
    private static final InetSocketAddress SWITCH = new InetSocketAddress(FrameArbitraries.loopback("198.18.0.254"), 4789);

    @Property(tries = 300)
    void aBatchLeavesAsTheSameDatagramsInOrder(@ForAll("batches") List<byte[]> frames) {
        EmbeddedDataPlane plane = new EmbeddedDataPlane();
        EmbeddedChannel socket = plane.vxlanSocket(SWITCH);
        plane.attachVxlan(socket, new PortSpec(MAC_A, Ethernet.MAX_MTU, "a", true), PEER_A, 1);
        plane.attachVxlan(socket, new PortSpec(MAC_B, Ethernet.MAX_MTU, "b", true), PEER_B, 2);

        socket.writeInbound(frames.stream().map(f -> new DatagramPacket(Unpooled.wrappedBuffer(vxlan(1, f)), SWITCH, PEER_A)).toArray());

        List<EmbeddedDataPlane.Sent> sent = EmbeddedDataPlane.sentThrough(socket);
        assertThat(sent).allSatisfy(s -> assertThat(s.to()).isEqualTo(PEER_B));
        assertThat(sent).extracting(s -> s.bytes().length).as("lengths, then counts: %s", plane.tally())
                .containsExactlyElementsOf(frames.stream().map(f -> f.length + 8).toList());
        for (int i = 0; i < frames.size(); i++) {
            assertThat(sent.get(i).bytes()).as("datagram %d", i).isEqualTo(vxlan(2, frames.get(i)));
        }
    }

    /** 1 to 100 frames from a to b (unicast or broadcast), lengths in runs as TCP makes them, or any. */
    @Provide
    Arbitrary<List<byte[]>> batches() {
        Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(1464, 1514, 60, 66)),
                Tuple.of(1, Arbitraries.integers().between(60, 9014)));
        Arbitrary<byte[]> frame = Combinators.combine(lengths, Arbitraries.of(true, false), Arbitraries.integers())
                .as((length, broadcast, seed) -> frame(length, broadcast ? MacAddress.BROADCAST : MAC_B, seed));
        return frame.list().ofMinSize(1).ofMaxSize(100);
    }

    private static byte[] frame(int length, MacAddress to, int seed) {
        byte[] f = new byte[length];
        new Random(seed).nextBytes(f);
        System.arraycopy(to.toBytes(), 0, f, 0, 6);
        System.arraycopy(MAC_A.toBytes(), 0, f, 6, 6);
        f[12] = (byte) 0x88;
        f[13] = (byte) 0xB5;
        return f;
    }

    private static byte[] vxlan(int vni, byte[] frame) {
        return FrameArbitraries.concat(new byte[] {0x08, 0, 0, 0, 0, 0, (byte) vni, 0}, frame);
    }
}
