package io.vnetif.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.vnetif.proto.security.AccessToken;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.server.RunningSwitch;
import io.vnetif.server.SwitchConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A switch with a token: which services it guards, and what a caller without the token hears. */
class TokenCheckTest {
    private static final AccessToken TOKEN = AccessToken.of("s3cret-token");

    @Test
    void callsWithoutTheRightTokenAreUnauthenticatedAndChangeNothing() throws Exception {
        try (RunningSwitch running = RunningSwitch.start(SwitchConfig.loopback(0, 0).withToken(TOKEN))) {
            assertThatThrownBy(() -> running.stub().attach(AttachRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getStatus().getDescription()).startsWith("this switch requires an access token and the call carried none")
                                .contains("'authorization: Bearer <token>'");
                    });
            assertThatThrownBy(() -> running.stub().withCallCredentials(AccessToken.of("s3cret-tokeN").callCredentials())
                    .attach(AttachRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getStatus().getDescription()).startsWith("wrong access token");
                    });
            var authorized = running.stub().withCallCredentials(TOKEN.callCredentials());
            assertThat(authorized.listPorts(ListPortsRequest.getDefaultInstance()).getPortsCount()).isZero();
            authorized.attach(AttachRequest.getDefaultInstance());
            assertThat(authorized.listPorts(ListPortsRequest.getDefaultInstance()).getPortsCount()).isEqualTo(1);
        }
    }

    @Test
    void healthStaysOpenAndReflectionIsGuarded() throws Exception {
        try (RunningSwitch running = RunningSwitch.start(SwitchConfig.loopback(0, 0).withToken(TOKEN))) {
            HealthCheckResponse health = HealthGrpc.newBlockingStub(running.channel()).check(HealthCheckRequest.getDefaultInstance());
            assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

            CompletableFuture<Throwable> refused = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> reflection = ServerReflectionGrpc.newStub(running.channel())
                    .serverReflectionInfo(new StreamObserver<ServerReflectionResponse>() {
                        @Override
                        public void onNext(ServerReflectionResponse value) {
                            refused.completeExceptionally(new AssertionError("reflection answered without a token"));
                        }

                        @Override
                        public void onError(Throwable t) {
                            refused.complete(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            reflection.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
            assertThat(Status.fromThrowable(refused.get(10, TimeUnit.SECONDS)).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        }
    }

    @Test
    void theTokenNeverShowsInItsText() {
        assertThat(TOKEN).hasToString("AccessToken(hidden)");
        assertThat(TOKEN.matches("Bearer s3cret-token")).isTrue();
        assertThat(TOKEN.matches("Bearer s3cret-toke")).isFalse();
        assertThat(TOKEN.matches(null)).isFalse();
    }
}
