package io.vnetif.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vnetif.api.MacAddress;
import io.vnetif.proto.v1.AddImpairmentRequest;
import io.vnetif.proto.v1.AttachRawUdpRequest;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.AttachVxlanRequest;
import io.vnetif.proto.v1.CaptureEvent;
import io.vnetif.proto.v1.CaptureRequest;
import io.vnetif.proto.v1.CutRequest;
import io.vnetif.proto.v1.DetachRequest;
import io.vnetif.proto.v1.HealRequest;
import io.vnetif.proto.v1.ImpairmentRule;
import io.vnetif.proto.v1.ListImpairmentsRequest;
import io.vnetif.proto.v1.ListImpairmentsResponse;
import io.vnetif.proto.v1.ListNetworksRequest;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.NetworkInfo;
import io.vnetif.proto.v1.PartitionRequest;
import io.vnetif.proto.v1.PortInfo;
import io.vnetif.proto.v1.RemoveImpairmentRequest;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.RunningSwitch;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.port.FrameArbitraries;
import io.vnetif.wire.DatagramHeader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One switch for every try of a property class (a switch per try would dominate the run time): VXLAN
 * enabled on loopback, leases that outlive the run, and fixture ports on {@link #NETWORK} for requests
 * to name — "left" and "right" with known MACs, two ports both labelled "twin". Tries undo what they
 * create, so after each property the switch must hold its fixture and nothing else.
 */
public final class SharedSwitch implements AutoCloseable {
    public static final String NETWORK = "props";
    /** Where the closing frame exchange happens: a network no generator names. */
    private static final String CHECK_NETWORK = "after-the-properties";
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final RunningSwitch running;
    private final List<AttachResponse> fixture;

    private SharedSwitch(RunningSwitch running, List<AttachResponse> fixture) {
        this.running = running;
        this.fixture = fixture;
    }

    static SharedSwitch start() throws Exception {
        RunningSwitch running = RunningSwitch.start(SwitchConfig.loopback(0, 0).withLease(Duration.ofHours(1))
                .withVxlan(new InetSocketAddress("127.0.0.1", 0)));
        SwitchServiceGrpc.SwitchServiceBlockingStub stub = running.stub();
        List<AttachResponse> fixture = List.of(
                stub.attach(AttachRequest.newBuilder().setNetwork(NETWORK).setLabel("left").setMac("02:00:00:00:01:01").build()),
                stub.attach(AttachRequest.newBuilder().setNetwork(NETWORK).setLabel("right").setMac("02:00:00:00:01:02").build()),
                stub.attach(AttachRequest.newBuilder().setNetwork(NETWORK).setLabel("twin").build()),
                stub.attach(AttachRequest.newBuilder().setNetwork(NETWORK).setLabel("twin").build()));
        return new SharedSwitch(running, fixture);
    }

    /** A stub whose deadline starts now (a stub's deadline is fixed when it is made). */
    public SwitchServiceGrpc.SwitchServiceBlockingStub stub() {
        return SwitchServiceGrpc.newBlockingStub(running.channel()).withDeadlineAfter(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** The fixture port labelled "left" (MAC 02:00:00:00:01:01). */
    public AttachResponse left() {
        return fixture.get(0);
    }

    /** The fixture port labelled "right" (MAC 02:00:00:00:01:02). */
    public AttachResponse right() {
        return fixture.get(1);
    }

    public List<String> fixtureMacs() {
        return fixture.stream().map(AttachResponse::getMac).toList();
    }

    public List<String> fixtureLabels() {
        return List.of("left", "right", "twin");
    }

    public List<Integer> fixturePortIds() {
        return fixture.stream().map(AttachResponse::getPortId).toList();
    }

    /** Sends {@code request} to the call that takes its type; a capture the switch runs is cancelled at once (see {@link #capture}). */
    public ControlCall<Message> send(Message request) {
        if (request instanceof AttachRequest r) {
            return ControlCall.of(() -> stub().attach(r));
        } else if (request instanceof AttachVxlanRequest r) {
            return ControlCall.of(() -> stub().attachVxlan(r));
        } else if (request instanceof AttachRawUdpRequest r) {
            return ControlCall.of(() -> stub().attachRawUdp(r));
        } else if (request instanceof AddImpairmentRequest r) {
            return ControlCall.of(() -> stub().addImpairment(r));
        } else if (request instanceof RemoveImpairmentRequest r) {
            return ControlCall.of(() -> stub().removeImpairment(r));
        } else if (request instanceof PartitionRequest r) {
            return ControlCall.of(() -> stub().partition(r));
        } else if (request instanceof CutRequest r) {
            return ControlCall.of(() -> stub().cut(r));
        } else if (request instanceof DetachRequest r) {
            return ControlCall.of(() -> stub().detach(r));
        } else if (request instanceof CaptureRequest r) {
            return new ControlCall<>(null, capture(r));
        }
        throw new IllegalArgumentException("no call takes a " + request.getDescriptorForType().getName());
    }

    /** Undoes what {@code request} created when it succeeded with {@code response}: so tries leave nothing behind. */
    public void undo(Message request, Message response) {
        if (response instanceof AttachResponse port) {
            detach(port);
        } else if (response instanceof ImpairmentRule rule) {
            stub().removeImpairment(RemoveImpairmentRequest.newBuilder().setId(rule.getId()).build());
        } else if (request instanceof PartitionRequest r) {
            stub().heal(HealRequest.newBuilder().setNetwork(r.getNetwork()).build());
        } else if (request instanceof CutRequest r) {
            stub().heal(HealRequest.newBuilder().setNetwork(r.getNetwork()).build());
        }
    }

    private void detach(AttachResponse port) {
        stub().detach(DetachRequest.newBuilder().setPortId(port.getPortId()).setSecret(port.getSecret()).build());
    }

    /**
     * Starts a capture and waits until the switch has refused it or runs it; a running one is cancelled
     * and waited for until it is gone, so captures never pile up against the session limit.
     *
     * @return the status the switch refused the capture with, or OK when it ran
     */
    Status capture(CaptureRequest request) {
        CaptureCall capture = new CaptureCall(request);
        capture.awaitRunningOrEnded();
        Status status = capture.ended.getNow(Status.OK);
        capture.cancelAndAwaitGone();
        return status;
    }

    /** What a capture like {@code request}, of the check network, streamed while two ports there exchanged a frame. */
    public List<CaptureEvent> captureOfAFrameExchange(CaptureRequest request) throws Exception {
        CaptureCall capture = new CaptureCall(request.toBuilder().setNetwork(CHECK_NETWORK).build());
        try {
            if (capture.awaitRunningOrEnded()) {
                assertSwitchesFrames();
                await().atMost(PATIENCE).until(() -> capture.ended.isDone() || capture.events.stream().anyMatch(CaptureEvent::hasFrame));
            }
        } finally {
            capture.cancelAndAwaitGone();
        }
        return List.copyOf(capture.events);
    }

    /** A capture call in flight: what it streamed so far, and how it ended. */
    private final class CaptureCall {
        final List<CaptureEvent> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Status> ended;
        private final StreamEnding<CaptureRequest, CaptureEvent> call = new StreamEnding<>(events::add);

        CaptureCall(CaptureRequest request) {
            ended = call.ended;
            SwitchServiceGrpc.newStub(running.channel()).capture(request, call);
        }

        /** Waits until the switch runs the capture (true) or has refused or ended it (false). */
        boolean awaitRunningOrEnded() {
            await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .until(() -> ended.isDone() || captureSessions() > 0);
            return !ended.isDone();
        }

        void cancelAndAwaitGone() {
            call.cancel();
            await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).until(() -> captureSessions() == 0);
        }
    }

    private int captureSessions() {
        return stub().listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList().stream()
                .mapToInt(NetworkInfo::getCaptureSessions).sum();
    }

    /** Fails unless the switch holds its fixture and nothing else: no other port, network, rule, fault or capture. */
    void assertHoldsOnlyTheFixture() {
        assertThat(stub().listPorts(ListPortsRequest.getDefaultInstance()).getPortsList()).extracting(PortInfo::getPortId)
                .containsExactlyInAnyOrderElementsOf(fixturePortIds());
        assertThat(stub().listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList())
                .extracting(NetworkInfo::getName).containsExactlyInAnyOrder("default", NETWORK);
        ListImpairmentsResponse impairments = stub().listImpairments(ListImpairmentsRequest.getDefaultInstance());
        assertThat(impairments.getRulesList()).isEmpty();
        assertThat(impairments.getFaultsList()).isEmpty();
        assertThat(captureSessions()).isZero();
    }

    /** Fails unless two new native ports exchange a frame through the data plane; detaches them after. */
    void assertSwitchesFrames() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket clientA = new DatagramSocket(0, loopback); DatagramSocket clientB = new DatagramSocket(0, loopback)) {
            clientB.setSoTimeout((int) PATIENCE.toMillis());
            AttachResponse a = attachNative(clientA);
            AttachResponse b = attachNative(clientB);
            try {
                byte[] frame = new byte[60];
                Arrays.fill(frame, 0, 6, (byte) 0xFF);
                System.arraycopy(MacAddress.parse(a.getMac()).toBytes(), 0, frame, 6, 6);
                byte[] datagram = FrameArbitraries.concat(header(a), frame);
                clientA.send(new DatagramPacket(datagram, datagram.length,
                        new InetSocketAddress(a.getDataEndpoint().getHost(), a.getDataEndpoint().getPort())));
                DatagramPacket received = new DatagramPacket(new byte[2048], 2048);
                clientB.receive(received);
                assertThat(Arrays.copyOf(received.getData(), received.getLength())).isEqualTo(FrameArbitraries.concat(header(b), frame));
            } finally {
                detach(a);
                detach(b);
            }
        }
    }

    private AttachResponse attachNative(DatagramSocket client) {
        return stub().attach(AttachRequest.newBuilder().setNetwork(CHECK_NETWORK)
                .setClientDataEndpoint("127.0.0.1:" + client.getLocalPort()).build());
    }

    private static byte[] header(AttachResponse port) {
        ByteBuf b = Unpooled.buffer(DatagramHeader.LENGTH);
        DatagramHeader.write(b, DatagramHeader.TYPE_FRAME, port.getPortId(), port.getSecret());
        return ByteBufUtil.getBytes(b);
    }

    @Override
    public void close() {
        running.close();
    }
}
