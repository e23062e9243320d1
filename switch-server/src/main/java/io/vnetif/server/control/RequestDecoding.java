package io.vnetif.server.control;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request that does not decode as its message (garbage, a truncated or foreign message) with
 * INVALID_ARGUMENT and one rate-limited log line. Left to gRPC, the decode failure escapes its transport
 * thread: the caller hears UNKNOWN and the log gets a 2.4 KB stack trace per request. So a guarded service
 * receives its requests undecoded ({@link ServerInterceptors#useInputStreamMessages}) and they are decoded
 * inside this interceptor's listener, where the failure can be caught and answered. Thread-safe.
 */
final class RequestDecoding implements ServerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(RequestDecoding.class);

    private final AtomicLong undecodable = new AtomicLong();
    private final RateLimitedLog logged = new RateLimitedLog();

    /** {@code service} with its requests decoded under this interceptor's watch. */
    ServerServiceDefinition guard(ServerServiceDefinition service) {
        return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(service), this);
    }

    /** Requests refused since the switch started because they did not decode. */
    long undecodable() {
        return undecodable.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Refusable<Q, R> guarded = new Refusable<>(call);
        return guarded.listen(next.startCall(guarded, headers));
    }

    /**
     * A call that this interceptor may answer for its service: once refused, what the service still says
     * (its own close, after it learned the call is over) goes nowhere, and nor does what the client sends.
     * gRPC calls a call's listener serially, and the service answers from within those calls.
     */
    private final class Refusable<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private volatile boolean refused;

        Refusable(ServerCall<Q, R> call) {
            super(call);
        }

        @Override
        public void sendMessage(R message) {
            if (!refused) {
                super.sendMessage(message);
            }
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!refused) {
                super.close(status, trailers);
            }
        }

        ServerCall.Listener<Q> listen(ServerCall.Listener<Q> service) {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(service) {
                @Override
                public void onMessage(Q message) {
                    if (refused) {
                        return;
                    }
                    try {
                        super.onMessage(message); // the wrapped listener decodes the stream, then hands the message on
                    } catch (StatusRuntimeException e) {
                        if (!isDecodeFailure(e)) {
                            throw e;
                        }
                        refuse(Refusable.this, e);
                        refused = true;
                        // The service must learn that its call is over (a lease stream would otherwise stay open until shutdown).
                        super.onCancel();
                    }
                }

                @Override
                public void onHalfClose() {
                    if (!refused) {
                        super.onHalfClose();
                    }
                }

                @Override
                public void onReady() {
                    if (!refused) {
                        super.onReady();
                    }
                }

                @Override
                public void onCancel() {
                    if (!refused) {
                        super.onCancel();
                    }
                }

                @Override
                public void onComplete() {
                    if (!refused) {
                        super.onComplete();
                    }
                }
            };
        }
    }

    /** What the protobuf marshaller throws for bytes that are no message of its type. */
    private static boolean isDecodeFailure(StatusRuntimeException e) {
        return e.getStatus().getCode() == Status.Code.INTERNAL
                && e.getCause() instanceof com.google.protobuf.InvalidProtocolBufferException;
    }

    private void refuse(ServerCall<?, ?> call, StatusRuntimeException e) {
        undecodable.incrementAndGet();
        String what = call.getMethodDescriptor().getFullMethodName();
        long more = logged.admit();
        if (more >= 0) {
            log.info("refused {} from {}: the request does not decode ({}){}", what,
                    call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), e.getCause().getMessage(),
                    RateLimitedLog.andMore(more, "undecodable requests"));
        }
        call.close(Status.INVALID_ARGUMENT.withDescription("the request does not decode as a " + what + " request: "
                + e.getCause().getMessage()), new Metadata());
    }
}
