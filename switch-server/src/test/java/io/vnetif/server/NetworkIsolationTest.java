package io.vnetif.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vnetif.api.MacAddress;
import io.vnetif.core.SwitchLimits;
import io.vnetif.core.port.RateCap;
import io.vnetif.proto.v1.AddImpairmentRequest;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.ImpairmentSpec;
import io.vnetif.server.control.ControlLimits;
import io.vnetif.server.port.PortLimits;
import io.vnetif.wire.DatagramHeader;
import io.vnetif.wire.SecretCodec;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * One network's work does not stall another's: a network whose every broadcast is expensive (1000 ports,
 * 64 rules on each delivery) floods while a pair of ports on another network exchanges frames; the
 * pair's frames arrive within half a second (0.16 s measured, on a machine busy with other builds) and none
 * is dropped by its own rate cap. Without the sharing the pair waited 2.7 s here; before the rules were
 * bounded, a few thousand such broadcasts delayed the pair by 7 to 17 s, and the backlog released at once
 * made the pair's frames hit their --port-max-fps cap (1716 of 2064 dropped).
 */
class NetworkIsolationTest {
    private static final int CROWD = 1000;

    /** A native port played by a UDP socket: attached, bound by the endpoint it declared, sending plain frames. */
    private static final class Station implements AutoCloseable {
        final AttachResponse port;
        final DatagramSocket socket;
        final InetSocketAddress data;

        Station(RunningSwitch sw, String network) throws Exception {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            socket.setReceiveBufferSize(1 << 20);
            port = sw.stub().attach(AttachRequest.newBuilder().setNetwork(network).setClientDataEndpoint("127.0.0.1:" + socket.getLocalPort())
                    .build());
            data = sw.server().dataAddress();
        }

        byte[] datagram(MacAddress to, long sentNanos) {
            ByteBuf frame = Unpooled.buffer(64).writeBytes(to.toBytes()).writeBytes(MacAddress.parse(port.getMac()).toBytes())
                    .writeShort(0x88B5).writeLong(sentNanos).writerIndex(64);
            ByteBuf out = Unpooled.buffer();
            new SecretCodec(port.getSecret()).write(out, port.getPortId(), frame);
            return ByteBufUtil.getBytes(out);
        }

        void send(byte[] datagram) throws Exception {
            socket.send(new DatagramPacket(datagram, datagram.length, data));
        }

        /** The send time carried by the next frame that arrives, or -1 when none arrives in time. */
        long receiveSentNanos() throws Exception {
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return -1;
            }
            return ByteBuffer.wrap(p.getData(), DatagramHeader.LENGTH + 14, 8).getLong();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static long drops(RunningSwitch sw, AttachResponse port) {
        return sw.stub().getStats(GetStatsRequest.getDefaultInstance()).getPortsList().stream().filter(p -> p.getPortId() == port.getPortId())
                .mapToLong(p -> p.getCounters().getDropsList().stream().mapToLong(d -> d.getCount()).sum()).sum();
    }

    @Test
    void aPairOnOneNetworkIsNotStalledByAnExpensiveFloodOnAnother() throws Exception {
        SwitchLimits limits = SwitchLimits.DEFAULTS.withPortFloodsPerSecond(0).withPortRateCap(new RateCap(1000, 0)).withAttachesPerSecond(0);
        // One socket plays the crowd's 1000 receivers: the bound on ports per peer is raised for it.
        ControlLimits oneSink = ControlLimits.DEFAULTS.withPorts(new PortLimits(4096, CROWD, 256));
        try (RunningSwitch sw = RunningSwitch.start(SwitchConfig.loopback(0, 0).withLease(Duration.ofHours(1)).withLimits(limits)
                .withControlLimits(oneSink));
             DatagramSocket sink = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             Station flooder = new Station(sw, "crowd"); Station alice = new Station(sw, "quiet"); Station bob = new Station(sw, "quiet")) {
            for (int i = 0; i < CROWD; i++) {
                sw.stub().attach(AttachRequest.newBuilder().setNetwork("crowd").setClientDataEndpoint("127.0.0.1:" + sink.getLocalPort()).build());
            }
            for (int i = 0; i < 64; i++) { // as many rules as a network may have, each on every delivery of the crowd
                sw.stub().addImpairment(AddImpairmentRequest.newBuilder().setNetwork("crowd").setSpec(ImpairmentSpec.newBuilder()
                        .setCorrupt(1e-9)).build());
            }
            MacAddress bobMac = MacAddress.parse(bob.port.getMac());
            bob.socket.setSoTimeout(10_000);
            alice.send(alice.datagram(bobMac, System.nanoTime()));
            assertThat(bob.receiveSentNanos()).as("the pair works").isPositive();

            byte[] broadcast = flooder.datagram(MacAddress.BROADCAST, 0);
            for (int i = 0; i < 1100; i++) { // the flooder's whole burst under its cap, at once
                flooder.send(broadcast);
            }
            long worst = 0;
            int arrived = 0;
            for (int i = 0; i < 40; i++) {
                alice.send(alice.datagram(bobMac, System.nanoTime()));
                long sent = bob.receiveSentNanos();
                if (sent > 0) {
                    arrived++;
                    worst = Math.max(worst, System.nanoTime() - sent);
                }
                LockSupport.parkNanos(5_000_000L); // a frame every 5 ms or so
            }
            System.out.printf("the quiet pair's worst latency during the flood: %.1f ms%n", worst / 1e6);
            assertThat(arrived).as("frames of the quiet pair that arrived").isEqualTo(40);
            assertThat(worst).as("the quiet pair's worst latency, ns").isLessThan(500_000_000L);
            assertThat(drops(sw, alice.port)).as("drops of the quiet pair (its own rate cap included)").isZero();
            assertThat(drops(sw, bob.port)).isZero();
        }
    }
}
