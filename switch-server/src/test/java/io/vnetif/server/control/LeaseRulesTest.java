package io.vnetif.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.LeaseRequest;
import io.vnetif.proto.v1.LeaseResponse;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.RunningSwitch;
import io.vnetif.server.SwitchConfig;
import io.vnetif.wire.DatagramHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What renews a lease (WIRE.md section 1): LeaseRequests only, several ports on one stream; nothing on the data plane. */
class LeaseRulesTest {
    private static final Duration LEASE = Duration.ofMillis(600);

    private RunningSwitch running;
    private SwitchServiceGrpc.SwitchServiceBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        running = RunningSwitch.start(SwitchConfig.loopback(0, 0).withLease(LEASE));
        stub = running.stub();
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private List<Integer> ports() {
        return stub.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList().stream().map(p -> p.getPortId()).toList();
    }

    @Test
    void hellosAloneDoNotKeepAPort() throws Exception {
        AttachResponse port = stub.attach(AttachRequest.newBuilder().setNetwork("lab").build());
        ByteBuf hello = Unpooled.buffer();
        DatagramHeader.write(hello, DatagramHeader.TYPE_HELLO, port.getPortId(), port.getSecret());
        byte[] bytes = ByteBufUtil.getBytes(hello);
        AtomicInteger sent = new AtomicInteger();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            // A HELLO every 50 ms, each answered, and still the port goes when its lease runs out.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                socket.send(new DatagramPacket(bytes, bytes.length, running.server().dataAddress()));
                sent.incrementAndGet();
                return !ports().contains(port.getPortId());
            });
        }
        // Before, each HELLO renewed the lease and the port stayed for good: the wait above timed out.
        assertThat(sent.get()).as("HELLOs kept coming until the port went").isGreaterThan(1);
    }

    @Test
    void oneStreamRenewsSeveralPortsAndEndingItDetachesNothingBeforeTheLeaseRunsOut() throws Exception {
        AttachResponse a = stub.attach(AttachRequest.newBuilder().setNetwork("lab").build());
        AttachResponse b = stub.attach(AttachRequest.newBuilder().setNetwork("lab").build());
        AtomicInteger answers = new AtomicInteger();
        ClientCallStreamObserver<LeaseRequest> stream = (ClientCallStreamObserver<LeaseRequest>) SwitchServiceGrpc
                .newStub(running.channel()).lease(new StreamObserver<>() {
                    @Override
                    public void onNext(LeaseResponse value) {
                        answers.incrementAndGet();
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        // Three leases long, both ports renewed on the one stream every 100 ms: both stay.
        await().during(LEASE.multipliedBy(3)).atMost(LEASE.multipliedBy(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            stream.onNext(LeaseRequest.newBuilder().setPortId(a.getPortId()).setSecret(a.getSecret()).build());
            stream.onNext(LeaseRequest.newBuilder().setPortId(b.getPortId()).setSecret(b.getSecret()).build());
            return ports().containsAll(List.of(a.getPortId(), b.getPortId()));
        });
        assertThat(answers.get()).isPositive();
        long cancelled = System.nanoTime();
        stream.cancel("the client goes", null);
        assertThat(ports()).as("cancelling the stream detaches nothing").contains(a.getPortId(), b.getPortId());
        await().atMost(Duration.ofSeconds(10)).until(() -> ports().isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).as("gone when the lease ran out").isGreaterThanOrEqualTo(LEASE.dividedBy(2));
    }
}
