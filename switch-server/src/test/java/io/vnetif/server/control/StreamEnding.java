package io.vnetif.server.control;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A client's end of a streaming call in a test: what arrives goes to a consumer, {@link #ended} completes
 * with the status the call ended with (OK, or its error's), and the call can be cancelled.
 *
 * @param <Q> what the client sends
 * @param <T> what the switch streams back
 */
class StreamEnding<Q, T> implements ClientResponseObserver<Q, T> {
    final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final AtomicReference<ClientCallStreamObserver<Q>> call = new AtomicReference<>();
    private final Consumer<T> arrived;
    private final boolean read;

    /** @param read false: ask for nothing, as a reader that stopped reading */
    StreamEnding(Consumer<T> arrived, boolean read) {
        this.arrived = arrived;
        this.read = read;
    }

    /** Reads everything, handing it to {@code arrived}. */
    StreamEnding(Consumer<T> arrived) {
        this(arrived, true);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        call.set(requestStream);
        if (!read) {
            requestStream.disableAutoRequestWithInitial(0);
        }
    }

    @Override
    public void onNext(T value) {
        arrived.accept(value);
    }

    @Override
    public void onError(Throwable t) {
        ended.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        ended.complete(Status.OK);
    }

    void cancel() {
        call.get().cancel("the test is over", null);
    }
}
