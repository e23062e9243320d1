package io.vnetif.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.vnetif.server.io.DataPlaneGuard;
import io.vnetif.api.Refusal;
import io.vnetif.core.ControlException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a failed control call answers: the refusal table's status, UNAVAILABLE for a loop that cannot run it, INTERNAL for a bug. */
class CallFailuresTest {
    private final CallFailures failures = new CallFailures();

    @Test
    void everyRefusalAnswersWithItsOwnStatusAndMessage() {
        for (Refusal refusal : Refusal.values()) {
            StatusRuntimeException answer = failures.status(new ControlException(refusal, "because " + refusal));
            assertThat(answer.getStatus().getCode().value()).as(refusal.name()).isEqualTo(refusal.grpcCode());
            assertThat(Refusal.ofGrpcCode(answer.getStatus().getCode().value())).isEqualTo(refusal);
            assertThat(answer.getStatus().getDescription()).isEqualTo("because " + refusal);
        }
        assertThat(failures.internalErrors()).isZero();
    }

    @Test
    void aBugIsInternalWithAnIncidentNumberAndNothingOfItsOwnText() {
        StatusRuntimeException first = failures.status(new IllegalStateException("secret internals: /etc/vnetif/key.pem"));
        StatusRuntimeException second = failures.status(new NullPointerException());
        assertThat(first.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(first.getStatus().getDescription()).isEqualTo("internal error #1 of the switch; its log has the details")
                .doesNotContain("secret", "IllegalStateException");
        assertThat(first.getCause()).as("nothing of the exception travels").isNull();
        assertThat(second.getStatus().getDescription()).startsWith("internal error #2 ");
        assertThat(failures.internalErrors()).isEqualTo(2);
    }

    @Test
    void aLoopThatDoesNotAnswerInTimeIsUnavailableAndTheCallNeverRunsAfterwards() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        CountDownLatch release = new CountDownLatch(1);
        try {
            loop.execute(() -> {
                try {
                    release.await(); // the wedged loop
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            LoopExecutor executor = new LoopExecutor(loop, NOT_FAILING, Duration.ofMillis(100));
            boolean[] ran = {false};
            assertThatThrownBy(() -> executor.call(() -> ran[0] = true)).isInstanceOfSatisfying(LoopUnavailableException.class,
                    e -> {
                        StatusRuntimeException answer = failures.status(e);
                        assertThat(answer.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                        assertThat(answer.getStatus().getDescription()).contains("did not answer within 100 ms");
                    });
            release.countDown();
            loop.submit(() -> null).get(10, TimeUnit.SECONDS); // the loop is free again and has run what it had
            assertThat(ran[0]).as("a call whose caller gave up is not run late").isFalse();
        } finally {
            release.countDown();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** For loops that are never meant to fail. */
    private static final DataPlaneGuard NOT_FAILING = new DataPlaneGuard((where, cause) -> {
        throw new AssertionError("the data plane failed in " + where, cause);
    });

    /**
     * An Error in a control operation means the engine may be half-updated: the data plane fails (the
     * switch stops), and the caller hears UNAVAILABLE, not a bug report for a call that did nothing wrong.
     */
    @Test
    void anErrorOnTheLoopFailsTheDataPlaneAndTheCallIsUnavailable() {
        EventLoop loop = new DefaultEventLoop();
        java.util.List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        DataPlaneGuard guard = new DataPlaneGuard((where, cause) -> failures.add(where + ": " + cause));
        try {
            LoopExecutor executor = new LoopExecutor(loop, guard);
            assertThatThrownBy(() -> executor.call(() -> {
                throw new OutOfMemoryError("Java heap space");
            })).isInstanceOf(LoopUnavailableException.class).hasMessageContaining("data plane failed");
            assertThatThrownBy(() -> executor.call(() -> {
                throw new IllegalStateException("a bug");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(failures).containsExactly("a control operation: java.lang.OutOfMemoryError: Java heap space");
            assertThat(guard.failed()).isTrue();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aLoopThatHasEndedIsUnavailable() {
        EventLoop loop = new DefaultEventLoop();
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        assertThatThrownBy(() -> new LoopExecutor(loop, NOT_FAILING).call(() -> 1)).isInstanceOf(LoopUnavailableException.class)
                .hasMessageContaining("shutting down");
    }
}
