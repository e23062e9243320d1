package io.vnetif.server.control;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.vnetif.proto.security.AccessToken;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Refuses, with UNAUTHENTICATED, every call that does not carry the switch's access token. */
public final class TokenCheck implements ServerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(TokenCheck.class);
    private static final String HOW = " (metadata 'authorization: Bearer <token>'; vnetif --token-file, or RemoteOptions.token in Java)";

    /** Refusals are logged at most once per this interval (with the count since), so a flood of bad calls cannot flood the log. */
    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    private final AccessToken token;
    private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong unlogged = new AtomicLong();

    public TokenCheck(AccessToken token) {
        this.token = token;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String received = headers.get(AccessToken.AUTHORIZATION);
        if (token.matches(received)) {
            return next.startCall(call, headers);
        }
        String why = received == null ? "this switch requires an access token and the call carried none"
                : "wrong access token";
        logRefusal(call, why);
        call.close(Status.UNAUTHENTICATED.withDescription(why + HOW), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private void logRefusal(ServerCall<?, ?> call, String why) {
        long now = System.nanoTime();
        long next = nextLogNanos.get();
        if (now - next < 0 || !nextLogNanos.compareAndSet(next, now + LOG_INTERVAL_NANOS)) {
            unlogged.incrementAndGet();
            return;
        }
        long more = unlogged.getAndSet(0);
        log.info("refused {} from {}: {}{}", call.getMethodDescriptor().getFullMethodName(),
                call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), why, more == 0 ? "" : " (and " + more + " more refusals since the last report)");
    }
}
