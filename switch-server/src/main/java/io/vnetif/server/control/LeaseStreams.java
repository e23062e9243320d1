package io.vnetif.server.control;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.vnetif.proto.v1.LeaseRequest;
import io.vnetif.proto.v1.LeaseResponse;
import io.vnetif.server.port.PortRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Lease calls: each request of a stream renews the port it names (authenticated by its secret) on the
 * loop; a refused renewal ends the stream with the refusal. At shutdown every stream ends with
 * UNAVAILABLE "switch shutting down", so clients start re-attaching at once (and say why) instead of
 * waiting for a lease to run out.
 */
final class LeaseStreams {
    private final PortRegistry ports;
    private final LoopExecutor loop;
    private final CallFailures failures;
    private final Set<LeaseStream> open = ConcurrentHashMap.newKeySet();

    LeaseStreams(PortRegistry ports, LoopExecutor loop, CallFailures failures) {
        this.ports = ports;
        this.loop = loop;
        this.failures = failures;
    }

    /** A new stream answering on {@code out}. */
    StreamObserver<LeaseRequest> open(StreamObserver<LeaseResponse> out) {
        LeaseStream stream = new LeaseStream(out);
        open.add(stream);
        return stream;
    }

    /** Ends every open stream: the switch is shutting down. */
    void shuttingDown() {
        for (LeaseStream stream : open) {
            stream.fail(Status.UNAVAILABLE.withDescription("switch shutting down").asRuntimeException());
        }
    }

    /** One client's lease stream. gRPC and {@link #shuttingDown} may both answer on it: answers are serialized. */
    private final class LeaseStream implements StreamObserver<LeaseRequest> {
        private final StreamObserver<LeaseResponse> out;
        private boolean ended;

        LeaseStream(StreamObserver<LeaseResponse> out) {
            this.out = out;
        }

        @Override
        public void onNext(LeaseRequest req) {
            try {
                loop.call(() -> {
                    ports.renew(ports.authenticate(req.getPortId(), req.getSecret()));
                    return null;
                });
                answer(LeaseResponse.newBuilder().setLeaseMs((int) ports.leaseMillis()).build());
            } catch (RuntimeException e) {
                fail(failures.status(e));
            }
        }

        private synchronized void answer(LeaseResponse response) {
            if (!ended) {
                out.onNext(response);
            }
        }

        synchronized void fail(Throwable status) {
            if (!ended) {
                ended = true;
                open.remove(this);
                out.onError(status);
            }
        }

        @Override
        public void onError(Throwable t) {
            // The client went away; its lease runs out by itself unless another stream renews it.
            end(false);
        }

        @Override
        public void onCompleted() {
            end(true);
        }

        private synchronized void end(boolean complete) {
            if (!ended) {
                ended = true;
                open.remove(this);
                if (complete) {
                    out.onCompleted();
                }
            }
        }
    }
}
