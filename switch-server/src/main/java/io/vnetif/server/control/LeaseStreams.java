package io.vnetif.server.control;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.vnetif.proto.v1.LeaseRequest;
import io.vnetif.proto.v1.LeaseResponse;
import io.vnetif.core.ControlException;
import io.vnetif.server.port.PortRegistry;
import io.vnetif.server.tenancy.Caller;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The Lease calls: each request of a stream renews the port it names (authenticated by its secret) on the
 * loop; a refused renewal ends the stream with the refusal. At shutdown every stream ends with
 * UNAVAILABLE "switch shutting down", so clients start re-attaching at once (and say why) instead of
 * waiting for a lease to run out.
 *
 * <p>Bounded: at most {@link ControlLimits#maxLeaseStreams} streams are open at once (beyond it a new one
 * ends at once with RESOURCE_EXHAUSTED), and a stream that sends no renewal for a whole lease period is
 * closed by {@link #closeSilent} — a client renews at once and every third of a lease, so only a stream
 * opened to hold a place stays silent that long. A client may have at most
 * {@link ControlLimits#maxLeaseStreamsPerClient} of them, so one client cannot take the places the others'
 * ports need to stay alive.
 */
final class LeaseStreams {
    private final PortRegistry ports;
    private final LoopExecutor loop;
    private final CallFailures failures;
    private final int maxStreams;
    private final long leaseNanos;
    private final LongSupplier nanoClock;
    private final Set<LeaseStream> open = ConcurrentHashMap.newKeySet();
    /** Streams counted against the limit: taken before a stream is made, given back when it ends. */
    private final AtomicInteger places = new AtomicInteger();
    private final AtomicLong closedSilent = new AtomicLong();
    private final ClientQuota perClient;

    LeaseStreams(PortRegistry ports, LoopExecutor loop, CallFailures failures, ControlLimits limits, long leaseNanos, LongSupplier nanoClock) {
        this.ports = ports;
        this.loop = loop;
        this.failures = failures;
        this.maxStreams = limits.maxLeaseStreams();
        this.perClient = new ClientQuota("lease streams open", "--max-lease-streams-per-client", limits.maxLeaseStreamsPerClient());
        this.leaseNanos = leaseNanos;
        this.nanoClock = nanoClock;
    }

    /** A new stream of the current caller answering on {@code out}; one beyond a limit is refused at once. */
    StreamObserver<LeaseRequest> open(StreamObserver<LeaseResponse> out) {
        String client = Caller.current().client();
        if (places.incrementAndGet() > maxStreams) {
            places.decrementAndGet();
            return refused(out, Status.RESOURCE_EXHAUSTED.withDescription("already " + maxStreams
                    + " lease streams open (limit " + maxStreams + ", --max-lease-streams)").asRuntimeException());
        }
        try {
            perClient.take(client);
        } catch (ControlException e) {
            places.decrementAndGet();
            return refused(out, failures.status(e));
        }
        LeaseStream stream = new LeaseStream(out, client, nanoClock.getAsLong());
        open.add(stream);
        return stream;
    }

    private static StreamObserver<LeaseRequest> refused(StreamObserver<LeaseResponse> out, Throwable status) {
        out.onError(status);
        return new StreamObserver<>() { // what the client still sends goes nowhere
            @Override
            public void onNext(LeaseRequest value) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    /** Streams open now. */
    int open() {
        return places.get();
    }

    /** Streams closed since start because they stayed silent for a lease period. */
    long closedSilent() {
        return closedSilent.get();
    }

    /** Ends every open stream: the switch is shutting down. */
    void shuttingDown() {
        for (LeaseStream stream : open) {
            stream.fail(Status.UNAVAILABLE.withDescription("switch shutting down").asRuntimeException());
        }
    }

    /** Closes every stream that sent nothing for a lease period; called now and then (any thread). */
    void closeSilent() {
        long now = nanoClock.getAsLong();
        for (LeaseStream stream : open) {
            if (now - stream.lastHeardNanos > leaseNanos && stream.fail(Status.DEADLINE_EXCEEDED.withDescription(
                    "the lease stream sent no renewal for " + leaseNanos / 1_000_000 + " ms (the lease): closed").asRuntimeException())) {
                closedSilent.incrementAndGet();
            }
        }
    }

    /** One client's lease stream. gRPC and {@link #shuttingDown} may both answer on it: answers are serialized. */
    private final class LeaseStream implements StreamObserver<LeaseRequest> {
        private final StreamObserver<LeaseResponse> out;
        private final String client;
        private boolean ended;
        private volatile long lastHeardNanos;

        LeaseStream(StreamObserver<LeaseResponse> out, String client, long openedNanos) {
            this.out = out;
            this.client = client;
            this.lastHeardNanos = openedNanos;
        }

        @Override
        public void onNext(LeaseRequest req) {
            lastHeardNanos = nanoClock.getAsLong();
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

        /** Ends the stream with {@code status}; false when it had ended already. */
        synchronized boolean fail(Throwable status) {
            if (ended) {
                return false;
            }
            over();
            out.onError(status);
            return true;
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
                over();
                if (complete) {
                    out.onCompleted();
                }
            }
        }

        private void over() {
            ended = true;
            if (open.remove(this)) {
                places.decrementAndGet();
                perClient.give(client);
            }
        }
    }
}
