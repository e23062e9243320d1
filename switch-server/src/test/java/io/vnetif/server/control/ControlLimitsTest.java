package io.vnetif.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.vnetif.proto.security.AccessToken;
import io.vnetif.proto.v1.AddImpairmentRequest;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.CaptureEvent;
import io.vnetif.proto.v1.CaptureRequest;
import io.vnetif.proto.v1.DetachRequest;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.ImpairmentSpec;
import io.vnetif.proto.v1.LeaseRequest;
import io.vnetif.proto.v1.LeaseResponse;
import io.vnetif.proto.v1.ListNetworksRequest;
import io.vnetif.proto.v1.LossSpec;
import io.vnetif.proto.v1.NetworkInfo;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.RunningSwitch;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.port.PortLimits;
import io.vnetif.server.tenancy.Tenants;
import io.vnetif.server.tenancy.TwoJobs;
import io.vnetif.wire.SecretCodec;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the control plane bounds beside the engine: capture sessions and their memory, lease streams, and
 * per client (a scoped token, else an address) ports, networks, captures and lease streams, so one client
 * cannot take what the others need.
 */
class ControlLimitsTest {
    private static final String A = TwoJobs.JOB_A;
    private static final String B = TwoJobs.JOB_B;

    @TempDir
    Path dir;
    private RunningSwitch running;
    /** The token of the calls that look at the switch's books; null on a switch without tokens. */
    private String admin;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    private SwitchServiceGrpc.SwitchServiceBlockingStub stub() {
        return as(admin);
    }

    private SwitchServiceGrpc.SwitchServiceBlockingStub as(String token) {
        SwitchServiceGrpc.SwitchServiceBlockingStub stub = SwitchServiceGrpc.newBlockingStub(running.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
        return token == null ? stub : stub.withCallCredentials(AccessToken.of(token).callCredentials());
    }

    private SwitchServiceGrpc.SwitchServiceStub asyncAs(String token) {
        SwitchServiceGrpc.SwitchServiceStub stub = SwitchServiceGrpc.newStub(running.channel());
        return token == null ? stub : stub.withCallCredentials(AccessToken.of(token).callCredentials());
    }

    /** A switch whose tokens are two jobs' (job-a on ci-a-*, job-b on ci-b-*) and an operator's, with these limits. */
    private void startWithJobs(ControlLimits limits) throws Exception {
        Tenants tokens = TwoJobs.tokens(dir, "attach,impair,capture,observe", "attach,impair,capture,observe");
        running = RunningSwitch.start(SwitchConfig.loopback(0, 0).withTokens(tokens).withControlLimits(limits));
        admin = TwoJobs.OPERATOR;
    }

    private static void assertExhausted(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }

    /** A capture call in flight; with {@code read} false, the client asks for nothing, as a reader that stopped reading. */
    private final class Capture {
        final CompletableFuture<Status> ended;
        private final StreamEnding<CaptureRequest, CaptureEvent> call;

        Capture(String network, boolean read) {
            this(admin, network, read);
        }

        Capture(String token, String network, boolean read) {
            call = new StreamEnding<>(event -> { }, read);
            ended = call.ended;
            asyncAs(token).capture(CaptureRequest.newBuilder().setNetwork(network).build(), call);
        }

        void cancel() {
            call.cancel();
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
        // All 64 calls come from one client: its own limit raised, so that the switch-wide one is what is tested.
        running = RunningSwitch.start(SwitchConfig.loopback(0, 0).withControlLimits(ControlLimits.DEFAULTS.withPerClient(64, 2048, 64)));
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
        return silentLeaseStream(admin);
    }

    private CompletableFuture<Status> silentLeaseStream(String token) {
        StreamEnding<LeaseRequest, LeaseResponse> stream = new StreamEnding<>(response -> { });
        asyncAs(token).lease(stream);
        return stream.ended;
    }

    @Test
    void leaseStreamsAreBoundedAndASilentOneIsClosedAfterALease() throws Exception {
        running = RunningSwitch.start(SwitchConfig.loopback(0, 0).withLease(Duration.ofMillis(600))
                .withControlLimits(ControlLimits.DEFAULTS.withMaxLeaseStreams(3)));
        AttachResponse port = stub().attach(AttachRequest.getDefaultInstance());
        StreamEnding<LeaseRequest, LeaseResponse> renewingStream = new StreamEnding<>(response -> { });
        CompletableFuture<Status> renewing = renewingStream.ended;
        StreamObserver<LeaseRequest> renewals = SwitchServiceGrpc.newStub(running.channel()).lease(renewingStream);
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
    /** A client's ports are bounded; another client attaches on, and a port detached makes room again. */
    @Test
    void aClientsPortsAreBoundedAndTheOthersAttachOn() throws Exception {
        startWithJobs(ControlLimits.DEFAULTS.withPorts(new PortLimits(3, 64, 256)));
        List<AttachResponse> own = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            own.add(as(A).attach(AttachRequest.newBuilder().setNetwork("ci-a-1").build()));
        }
        assertExhausted(() -> as(A).attach(AttachRequest.newBuilder().setNetwork("ci-a-2").build()),
                "token 'job-a' already has 3 ports (limit 3 per client, --max-ports-per-client)");
        as(B).attach(AttachRequest.newBuilder().setNetwork("ci-b-1").build());
        as(A).detach(DetachRequest.newBuilder().setPortId(own.get(0).getPortId()).setSecret(own.get(0).getSecret()).build());
        as(A).attach(AttachRequest.newBuilder().setNetwork("ci-a-1").build());
    }

    /** Without tokens of their own, clients are told apart by address. */
    @Test
    void withoutScopedTokensAClientIsAnAddress() throws Exception {
        running = RunningSwitch.start(SwitchConfig.loopback(0, 0).withControlLimits(ControlLimits.DEFAULTS.withPorts(new PortLimits(2, 64, 256))));
        stub().attach(AttachRequest.getDefaultInstance());
        stub().attach(AttachRequest.getDefaultInstance());
        assertExhausted(() -> stub().attach(AttachRequest.getDefaultInstance()),
                "client 127.0.0.1 already has 2 ports (limit 2 per client, --max-ports-per-client)");
    }

    /** A token with a pattern may not create networks without end: the switch's networks are everyone's. */
    @Test
    void aScopedTokenCreatesNoMoreNetworksThanItsLimit() throws Exception {
        startWithJobs(ControlLimits.DEFAULTS.withPerClient(8, 2048, 2));
        as(A).attach(AttachRequest.newBuilder().setNetwork("ci-a-1").build());
        as(A).attach(AttachRequest.newBuilder().setNetwork("ci-a-2").build());
        String message = "token 'job-a' already has 2 networks (limit 2 per client, --max-networks-per-client): network 'ci-a-3' would be one more";
        assertExhausted(() -> as(A).attach(AttachRequest.newBuilder().setNetwork("ci-a-3").build()), message);
        assertExhausted(() -> as(A).addImpairment(AddImpairmentRequest.newBuilder().setNetwork("ci-a-3").setBeforeAttach(true)
                .setSpec(ImpairmentSpec.newBuilder().setLoss(LossSpec.newBuilder().setProbability(0.5))).build()), message);
        as(A).attach(AttachRequest.newBuilder().setNetwork("ci-a-1").build()); // its own networks take more ports
        as(B).attach(AttachRequest.newBuilder().setNetwork("ci-b-1").build());
        as(B).attach(AttachRequest.newBuilder().setNetwork("ci-b-2").build());
    }

    /** A client may hold only its share of capture sessions and lease streams; the others still get theirs. */
    @Test
    void capturesAndLeaseStreamsAreBoundedPerClient() throws Exception {
        startWithJobs(ControlLimits.DEFAULTS.withPerClient(1, 1, 64));
        as(A).attach(AttachRequest.newBuilder().setNetwork("ci-a-1").build());
        as(B).attach(AttachRequest.newBuilder().setNetwork("ci-b-1").build());
        List<Capture> captures = new ArrayList<>(List.of(new Capture(A, "ci-a-1", true)));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> counter("capture_sessions") == 1);
            Capture second = new Capture(A, "ci-a-1", true);
            captures.add(second);
            assertThat(second.ended.get(10, TimeUnit.SECONDS)).satisfies(status -> {
                assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(status.getDescription()).contains("token 'job-a' already has 1 capture sessions (limit 1 per client, --max-captures-per-client)");
            });
            captures.add(new Capture(B, "ci-b-1", true));
            await().atMost(Duration.ofSeconds(10)).until(() -> counter("capture_sessions") == 2);
        } finally {
            captures.forEach(Capture::cancel);
        }

        CompletableFuture<Status> first = silentLeaseStream(A);
        await().atMost(Duration.ofSeconds(5)).until(() -> counter("lease_streams") == 1);
        Status beyond = silentLeaseStream(A).get(5, TimeUnit.SECONDS);
        assertThat(beyond.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(beyond.getDescription()).contains("token 'job-a' already has 1 lease streams open (limit 1 per client, --max-lease-streams-per-client)");
        silentLeaseStream(B);
        await().atMost(Duration.ofSeconds(5)).until(() -> counter("lease_streams") == 2);
        assertThat(first).isNotDone();
    }
}
