package io.vnetif.netty.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.ClientCalls;
import io.vnetif.api.ImpairmentOutcome;
import io.vnetif.client.Impairment;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.netstack.NetStack;
import io.vnetif.netstack.stats.Counter;
import java.time.Duration;
import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC-java's Netty server and channel on vnetif through {@link VnetifGrpc}: unary and server-streaming calls
 * between two stacks, through a delay (each call takes at least the round trip the switch adds) and through 5 % loss
 * (the calls complete; the stacks retransmitted).
 */
class VnetifGrpcTest {
    private VirtualSwitch lan;
    private NetStack serverStack;
    private NetStack clientStack;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        lan = VirtualSwitch.inProcess();
        serverStack = NetStack.on(lan.attach("lab"), "198.19.0.7/24");
        clientStack = NetStack.on(lan.attach("lab"), "198.19.0.5/24");
        // docs:begin grpc-one-liners
        server = VnetifGrpc.server(serverStack, 50051).addService(BytesService.definition()).build().start();
        channel = VnetifGrpc.channel(clientStack, "198.19.0.7", 50051).build();
        // docs:end grpc-one-liners
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        clientStack.close();
        serverStack.close();
        lan.close();
    }

    private byte[] echo(byte[] request) {
        return ClientCalls.blockingUnaryCall(channel, BytesService.ECHO, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), request);
    }

    /** Streams {@code count} chunks of {@code size} bytes and checks each one's length and filling. */
    private long streamChunks(int count, int size) {
        Iterator<byte[]> chunks = ClientCalls.blockingServerStreamingCall(channel, BytesService.CHUNKS,
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), BytesService.chunks(count, size));
        long bytes = 0;
        int i = 0;
        while (chunks.hasNext()) {
            byte[] chunk = chunks.next();
            assertThat(chunk).hasSize(size);
            assertThat(chunk[0]).isEqualTo((byte) i).isEqualTo(chunk[size - 1]);
            bytes += chunk.length;
            i++;
        }
        assertThat(i).isEqualTo(count);
        return bytes;
    }

    @Test
    void aChannelTakesGrpcsTargetFormAndAHostWithAPortIsNamed() throws Exception {
        ManagedChannel byTarget = VnetifGrpc.channel(clientStack, "198.19.0.7:50051").build();
        try {
            byte[] request = {1, 2, 3};
            assertThat(ClientCalls.blockingUnaryCall(byTarget, BytesService.ECHO, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS),
                    request)).isEqualTo(request);
        } finally {
            byTarget.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> VnetifGrpc.channel(clientStack, "198.19.0.7:50051", 50051)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host '198.19.0.7:50051' ends in a port: give the port as its own argument, or the whole target to "
                        + "channel(stack, \"host:port\")");
        assertThatThrownBy(() -> VnetifGrpc.channel(clientStack, "198.19.0.7")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target '198.19.0.7': give host:port or [ipv6]:port, e.g. 198.19.0.7:50051");
        assertThatThrownBy(() -> VnetifGrpc.channel(clientStack, "198.19.0.7:0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target '198.19.0.7:0': the port must be a number in 1..65535");
        assertThat(VnetifGrpc.channel(clientStack, "[2001:db8::7]:50051")).isNotNull(); // an IPv6 literal in brackets
    }

    @Test
    void unaryAndServerStreamingCallsCrossTheLan() {
        byte[] request = new byte[1024];
        new Random(3).nextBytes(request);
        assertThat(echo(request)).isEqualTo(request);
        assertThat(streamChunks(16, 64 << 10)).isEqualTo(1 << 20);
        assertThat(serverStack.connections()).singleElement().satisfies(c -> assertThat(c.local().getPort()).isEqualTo(50051));
    }

    @Test
    void aDelayOnTheLanLengthensEveryCallByItsRoundTrip() {
        assertThat(echo(new byte[] {1})).containsExactly(1); // the connection is up before the delay
        try (Impairment slow = lan.impair("lab").delay(Duration.ofMillis(40)).apply()) {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                echo(new byte[] {2});
                // The switch holds every frame 40 ms: a request and its answer cannot take less than twice that.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
            }
            assertThat(slow.count(ImpairmentOutcome.DELAYED)).as("frames the switch delayed").isPositive();
        }
    }

    @Test
    void callsCompleteThroughFivePercentLoss() {
        try (Impairment lossy = lan.impair("lab").loss(0.05).seed(11).apply()) {
            for (int i = 0; i < 20; i++) {
                byte[] request = new byte[4096];
                new Random(i).nextBytes(request);
                assertThat(echo(request)).isEqualTo(request);
            }
            assertThat(streamChunks(16, 64 << 10)).isEqualTo(1 << 20);
            assertThat(lossy.count(ImpairmentOutcome.LOST)).as("frames the switch lost").isPositive();
        }
        long retransmitted = serverStack.stats().get(Counter.TCP_RETRANSMITS) + clientStack.stats().get(Counter.TCP_RETRANSMITS);
        assertThat(retransmitted).as("segments the stacks sent again").isPositive();
    }
}
