package io.vnetif.server.control;

import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.vnetif.proto.security.AccessToken;
import io.vnetif.server.tenancy.Caller;
import io.vnetif.server.tenancy.Grant;
import io.vnetif.server.tenancy.Tenants;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds who makes each call ({@link Caller}): with tokens, the grant of the one the call carries — a call
 * carrying none of them is refused with UNAUTHENTICATED — and without, everything; the client its limits
 * count against is a scoped token's name, else the address the call came from.
 */
public final class TokenCheck implements ServerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(TokenCheck.class);
    private static final String HOW = " (metadata 'authorization: Bearer <token>'; vnetif --token-file, or RemoteOptions.token in Java)";

    private final Tenants tokens;
    private final RateLimitedLog refusals = new RateLimitedLog();

    /** @param tokens the tokens a call must carry one of, or {@code null} for none */
    public TokenCheck(Tenants tokens) {
        this.tokens = tokens;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Grant grant = Grant.EVERYTHING;
        String received = null;
        if (tokens != null) {
            received = headers.get(AccessToken.AUTHORIZATION);
            grant = tokens.grantOf(received);
        }
        if (grant == null) {
            String why = received == null ? "this switch requires an access token and the call carried none" : "wrong access token";
            logRefusal(call, why);
            call.close(Status.UNAUTHENTICATED.withDescription(why + HOW), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        Caller caller = new Caller(grant, grant.scoped() ? grant.toString() : "client " + host(call));
        return Contexts.interceptCall(caller.context(), call, headers, next);
    }

    private static String host(ServerCall<?, ?> call) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }

    private void logRefusal(ServerCall<?, ?> call, String why) {
        long more = refusals.admit();
        if (more >= 0) {
            log.info("refused {} from {}: {}{}", call.getMethodDescriptor().getFullMethodName(),
                    call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), why, RateLimitedLog.andMore(more, "refusals"));
        }
    }
}
