package io.vnetif.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.stub.ClientCalls;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.RunningSwitch;
import io.vnetif.server.SwitchConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests whose bytes are no message of their type: each one is INVALID_ARGUMENT, the switch stays
 * quiet about them (gRPC used to answer UNKNOWN and log a stack trace for each, 2.4 KB apiece) and counts
 * them, and the calls that follow work.
 */
class UndecodableRequestsTest {
    /** Bytes as they are: what a client that speaks no protobuf, or a hostile one, sends. */
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };
    /** A field with an invalid wire type (7): no protobuf message decodes from it. */
    private static final byte[] GARBAGE = {(byte) 0xFF, 0x01, 0x02};

    /** What gRPC's transport logs (java.util.logging), where a stack trace per bad request used to land. */
    private final List<LogRecord> grpcLog = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                grpcLog.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private RunningSwitch running;

    @BeforeEach
    void start() throws Exception {
        Logger.getLogger("io.grpc").addHandler(recorder);
        running = RunningSwitch.start(SwitchConfig.loopback(0, 0));
    }

    @AfterEach
    void stop() {
        running.close();
        Logger.getLogger("io.grpc").removeHandler(recorder);
    }

    private static <Q, R> MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<Q, R> method) {
        return method.toBuilder(BYTES, BYTES).build();
    }

    private Status unary(MethodDescriptor<?, ?> method) {
        try {
            ClientCalls.blockingUnaryCall(running.channel(), raw(method), CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), GARBAGE);
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    /** A streaming call that sends one undecodable message and waits for the end. */
    private Status streaming(MethodDescriptor<?, ?> method) throws Exception {
        ManagedChannel channel = running.channel();
        ClientCall<byte[], byte[]> call = channel.newCall(raw(method), CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS));
        CompletableFuture<Status> ended = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                ended.complete(status);
            }
        }, new Metadata());
        call.request(1);
        call.sendMessage(GARBAGE);
        if (method.getType().clientSendsOneMessage()) {
            call.halfClose(); // the client sends a one-message request only then
        }
        return ended.get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyUndecodableRequestIsInvalidArgumentAndNotAStackTrace() throws Exception {
        int each = 60;
        for (int i = 0; i < each; i++) {
            assertThat(unary(SwitchServiceGrpc.getAttachMethod()).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(unary(SwitchServiceGrpc.getGetStatsMethod()).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(unary(HealthGrpc.getCheckMethod()).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(streaming(SwitchServiceGrpc.getCaptureMethod()).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(streaming(SwitchServiceGrpc.getLeaseMethod()).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        }
        Status reflection = streaming(ServerReflectionGrpc.getServerReflectionInfoMethod());
        assertThat(reflection.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reflection.getDescription()).startsWith("the request does not decode as a grpc.reflection.v1.ServerReflection/"
                + "ServerReflectionInfo request");

        assertThat(grpcLog).as("gRPC logged nothing at WARNING or above").isEmpty();
        long counted = running.stub().getStats(GetStatsRequest.getDefaultInstance()).getCountersList().stream()
                .filter(c -> c.getName().equals("control_undecodable_requests")).findFirst().orElseThrow().getValue();
        assertThat(counted).isEqualTo(5L * each + 1);
        assertThat(running.stub().listPorts(ListPortsRequest.getDefaultInstance()).getPortsList()).as("the switch answers on").isEmpty();
    }

    @Test
    void aRequestOfAnotherMessageTypeThatHappensToDecodeIsJudgedByItsFields() {
        // Protobuf decodes unknown fields silently: bytes of another message are a request with unknown fields, checked as usual.
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(running.channel(), raw(SwitchServiceGrpc.getListPortsMethod()),
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), new byte[] {0x0A, 0x03, 'a', ' ', 'b'}))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("bad network name 'a b'");
                });
    }
}
