package io.vnetif.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.CaptureEvent;
import io.vnetif.proto.v1.CaptureRequest;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.LeaseRequest;
import io.vnetif.proto.v1.LeaseResponse;
import io.vnetif.proto.v1.ListNetworksRequest;
import io.vnetif.proto.v1.NetworkInfo;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.RunningSwitch;
import io.vnetif.server.SwitchConfig;
import io.vnetif.wire.SecretCodec;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the control plane bounds beside the engine: capture sessions and their memory, lease streams. */
class ControlLimitsTest {
    private RunningSwitch running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    private SwitchServiceGrpc.SwitchServiceBlockingStub stub() {
        return SwitchServiceGrpc.newBlockingStub(running.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /** A capture call in flight; with {@code read} false, the client asks for nothing, as a reader that stopped reading. */
    private final class Capture {
        final CompletableFuture<Status> ended = new CompletableFuture<>();
        final AtomicReference<ClientCallStreamObserver<CaptureRequest>> call = new AtomicReference<>();

        Capture(String network, boolean read) {
            SwitchServiceGrpc.newStub(running.channel()).capture(CaptureRequest.newBuilder().setNetwork(network).build(),
                    new ClientResponseObserver<CaptureRequest, CaptureEvent>() {
                        @Override
                        public void beforeStart(ClientCallStreamObserver<CaptureRequest> requestStream) {
                            call.set(requestStream);
                            if (!read) {
                                requestStream.disableAutoRequestWithInitial(0);
                            }
                        }

                        @Override
                        public void onNext(CaptureEvent value) {
                        }

                        @Override
                        public void onError(Throwable t) {
                            ended.complete(Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                            ended.complete(Status.OK);
                        }
                    });
        }

        void cancel() {
            call.get().cancel("the test is over", null);
        }
    }

    private int captureSessions() {
        return stub().listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList().stream()
                .mapToInt(NetworkInfo::getCaptureSessions).sum();
    }

    private long counter(String name) {
        return stub().getStats(GetStatsRequest.getDefaultInstance()).getCountersList().stream()
                .filter(c -> c.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    private static long refused(List<Capture> captures, Status.Code code) {
        return captures.stream().filter(c -> c.ended.isDone() && c.ended.join().getCode() == code).count();
    }

    /**
     * The limit is checked and taken in one step: 64 calls that arrive while the loop is busy (so none of
     * them has started its session yet) must not all pass the check. They did, and 29 sessions ran where 16
     * were allowed.
     */
    @Test
    void capturesThatArriveWhileTheLoopIsBusyStayWithinTheLimit() throws Exception {
        running = RunningSwitch.start(SwitchConfig.loopback(0, 0));
        SingleThreadEventExecutor loop = (SingleThreadEventExecutor) running.server().dataLoop().next();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        loop.execute(() -> {
            holding.countDown();
            try {
                busy.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        holding.await(10, TimeUnit.SECONDS);
        int calls = 64;
        List<Capture> captures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            captures.add(new Capture("lab", true));
        }
        try {
            // Every call is refused, or waits for the loop to start its session.
            await().atMost(Duration.ofSeconds(10)).until(() -> refused(captures, Status.Code.RESOURCE_EXHAUSTED) + loop.pendingTasks() >= calls);
            busy.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> refused(captures, Status.Code.RESOURCE_EXHAUSTED) + captureSessions() == calls);
            assertThat(captureSessions()).isEqualTo(ControlLimits.DEFAULTS.maxCaptureSessions());
            assertThat(counter("capture_sessions")).isEqualTo(ControlLimits.DEFAULTS.maxCaptureSessions());
        } finally {
            busy.countDown();
            captures.forEach(Capture::cancel);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> counter("capture_sessions") == 0);
        assertThat(counter("capture_queued_bytes")).as("every session gave its bytes back").isZero();
    }

    /** Sessions nobody reads hold at most the switch's capture buffer between them, whatever passes. */
    @Test
    void unreadCapturesHoldNoMoreThanTheCaptureBuffer() throws Exception {
        long buffer = 1 << 20;
        running = RunningSwitch.start(SwitchConfig.loopback(0, 0).withControlLimits(ControlLimits.DEFAULTS.withCaptureBufferBytes(buffer)));
        List<Capture> captures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            captures.add(new Capture("lab", false));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> counter("capture_sessions") == 8);
        try (Sender a = new Sender("lab"); Sender b = new Sender("lab")) {
            byte[] frame = a.broadcast(1400);
            // 8 sessions x 2 directions: each frame is 16 copies, and each session alone could queue the buffer's
            // worth. Frames go in windows the socket buffer holds until the sessions hold at least half the
            // buffer; the transport drains some of it into its flow-control windows meanwhile, so the bound is
            // checked at every look, not once.
            long highest = 0;
            for (int sent = 0; sent < 8000 && highest <= buffer / 2; sent += 200) {
                for (int i = 0; i < 200; i++) {
                    a.send(frame);
                }
                long queued = counter("capture_queued_bytes");
                assertThat(queued).as("bytes queued for the unread sessions").isLessThanOrEqualTo(buffer);
                highest = Math.max(highest, queued);
            }
            assertThat(highest).as("the most the unread sessions held").isGreaterThan(buffer / 2);
        } finally {
            captures.forEach(Capture::cancel);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> counter("capture_sessions") == 0);
        assertThat(counter("capture_queued_bytes")).isZero();
    }

    /** A port played by a UDP socket: attached, bound by a HELLO, sending plain frames. */
    private final class Sender implements AutoCloseable {
        final AttachResponse port;
        final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());

        Sender(String network) throws Exception {
            port = stub().attach(AttachRequest.newBuilder().setNetwork(network)
                    .setClientDataEndpoint("127.0.0.1:" + socket.getLocalPort()).build());
        }

        byte[] broadcast(int length) {
            byte[] f = new byte[length];
            java.util.Arrays.fill(f, 0, 6, (byte) 0xFF);
            System.arraycopy(io.vnetif.api.MacAddress.parse(port.getMac()).toBytes(), 0, f, 6, 6);
            return f;
        }

        void send(byte[] frame) throws Exception {
            io.netty.buffer.ByteBuf out = io.netty.buffer.Unpooled.buffer();
            new SecretCodec(port.getSecret()).write(out, port.getPortId(), io.netty.buffer.Unpooled.wrappedBuffer(frame));
            byte[] d = io.netty.buffer.ByteBufUtil.getBytes(out);
            socket.send(new DatagramPacket(d, d.length, running.server().dataAddress()));
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** A lease stream that says nothing: it ends when the switch ends it. */
    private CompletableFuture<Status> silentLeaseStream() {
        CompletableFuture<Status> ended = new CompletableFuture<>();
        SwitchServiceGrpc.newStub(running.channel()).lease(new StreamObserver<LeaseResponse>() {
            @Override
            public void onNext(LeaseResponse value) {
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended.complete(Status.OK);
            }
        });
        return ended;
    }

    @Test
    void leaseStreamsAreBoundedAndASilentOneIsClosedAfterALease() throws Exception {
        running = RunningSwitch.start(SwitchConfig.loopback(0, 0).withLease(Duration.ofMillis(600))
                .withControlLimits(ControlLimits.DEFAULTS.withMaxLeaseStreams(3)));
        AttachResponse port = stub().attach(AttachRequest.getDefaultInstance());
        CompletableFuture<Status> renewing = new CompletableFuture<>();
        StreamObserver<LeaseRequest> renewals = SwitchServiceGrpc.newStub(running.channel()).lease(new StreamObserver<>() {
            @Override
            public void onNext(LeaseResponse value) {
            }

            @Override
            public void onError(Throwable t) {
                renewing.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                renewing.complete(Status.OK);
            }
        });
        LeaseRequest renewal = LeaseRequest.newBuilder().setPortId(port.getPortId()).setSecret(port.getSecret()).build();
        java.util.concurrent.ScheduledExecutorService client = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            client.scheduleAtFixedRate(() -> renewals.onNext(renewal), 0, 150, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> counter("lease_streams") == 1);
            CompletableFuture<Status> silent1 = silentLeaseStream();
            CompletableFuture<Status> silent2 = silentLeaseStream();
            await().atMost(Duration.ofSeconds(5)).until(() -> counter("lease_streams") == 3);
            Status beyond = silentLeaseStream().get(5, TimeUnit.SECONDS);
            assertThat(beyond.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(beyond.getDescription()).contains("already 3 lease streams open (limit 3, --max-lease-streams)");

            assertThat(silent1.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(silent2.get(5, TimeUnit.SECONDS).getDescription()).contains("sent no renewal for 600 ms");
            assertThat(counter("lease_streams_silent")).isEqualTo(2);
            assertThat(renewing).as("the stream that renews stays").isNotDone();
            assertThat(counter("lease_streams")).isEqualTo(1);
            silentLeaseStream();
            await("a closed stream's place is free again").atMost(Duration.ofSeconds(5)).until(() -> counter("lease_streams") == 2);
        } finally {
            client.shutdownNow();
        }
    }
}
