package io.vnetif.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.proto.v1.AddImpairmentRequest;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.DelaySpec;
import io.vnetif.proto.v1.ImpairmentSpec;
import io.vnetif.wire.DatagramHeader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A data-plane thread that meets an {@link OutOfMemoryError} ends the switch with exit status 70, so a
 * supervisor can start a fresh one: two delayed floods at -Xmx1g once killed that thread while the
 * process stayed up, its sockets unread and GetStats timing out, until SIGKILL.
 */
class DataPlaneFailureIT {
    @Test
    void anOutOfMemoryErrorOnTheDataPlaneEndsTheSwitchWithStatus70() throws Exception {
        // The budgets that keep held frames within the heap are raised past it (256 MiB here), so that memory runs out.
        try (SwitchProcess sw = SwitchProcess.startWithFlags("--lease", "300s", "--max-attaches-per-second", "0",
                "--max-held", "8gb", "--max-held-per-network", "8gb", "--port-max-flood-fps", "0",
                "--max-ports-per-peer", "1000"); // one socket plays 1000 receivers
             DatagramSocket sink = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket sender = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String sinkAt = "127.0.0.1:" + sink.getLocalPort();
            AttachResponse from = sw.admin().attach(AttachRequest.newBuilder().setNetwork("crowd")
                    .setClientDataEndpoint("127.0.0.1:" + sender.getLocalPort()).build());
            for (int i = 0; i < 1000; i++) {
                sw.admin().attach(AttachRequest.newBuilder().setNetwork("crowd").setClientDataEndpoint(sinkAt).build());
            }
            sw.admin().addImpairment(AddImpairmentRequest.newBuilder().setNetwork("crowd").setSpec(ImpairmentSpec.newBuilder()
                    .setDelay(DelaySpec.newBuilder().setDelayNs(60_000_000_000L))).build());
            byte[] broadcast = RawPort.datagram(DatagramHeader.TYPE_FRAME, from.getPortId(), from.getSecret(), RawPort.frame(from.getMac(), 14));
            InetSocketAddress data = new InetSocketAddress(from.getDataEndpoint().getHost(), from.getDataEndpoint().getPort());
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (sw.isAlive() && System.nanoTime() < deadline) {
                for (int i = 0; i < 200; i++) { // each held for 1000 ports: ~40 KiB of heap a datagram
                    sender.send(new DatagramPacket(broadcast, broadcast.length, data));
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // pacing, so the switch gets the cores
            }
            assertThat(sw.awaitExit(Duration.ofSeconds(30))).as("exit status").isEqualTo(70);
            // Whichever thread meets the full heap first says so: the data plane's, or another (a receive, a timer, gRPC's).
            assertThat(String.join("\n", sw.output())).containsAnyOf("the data plane failed in", "ended with java.lang.OutOfMemoryError")
                    .contains("OutOfMemoryError");
        }
    }
}
