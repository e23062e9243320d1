package io.vnetif.server.control;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.vnetif.proto.security.AccessToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Refuses, with UNAUTHENTICATED, every call that does not carry the switch's access token. */
public final class TokenCheck implements ServerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(TokenCheck.class);
    private static final String HOW = " (metadata 'authorization: Bearer <token>'; vnetif --token-file, or RemoteOptions.token in Java)";

    private final AccessToken token;
    private final RateLimitedLog refusals = new RateLimitedLog();

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
        long more = refusals.admit();
        if (more >= 0) {
            log.info("refused {} from {}: {}{}", call.getMethodDescriptor().getFullMethodName(),
                    call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), why, RateLimitedLog.andMore(more, "refusals"));
        }
    }
}
