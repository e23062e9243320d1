package io.vnetif.server.control;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.vnetif.proto.v1.Endpoint;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Decides which endpoint an Attach response names (native, VXLAN or raw-UDP socket): the configured
 * host, else the socket's bind address, else (bound to a wildcard) the local address the client
 * reached the control port at, which is an address of this host that the client can reach. As an interceptor it records that address for
 * the call.
 */
public final class DataEndpointAdvertiser implements ServerInterceptor {
    private static final Context.Key<SocketAddress> CONTROL_LOCAL_ADDRESS = Context.key("vnetif-control-local-address");

    private final String configuredHost;
    private final InetSocketAddress dataBound;

    public DataEndpointAdvertiser(String configuredHost, InetSocketAddress dataBound) {
        this.configuredHost = configuredHost;
        this.dataBound = dataBound;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        SocketAddress local = call.getAttributes().get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR);
        return Contexts.interceptCall(Context.current().withValue(CONTROL_LOCAL_ADDRESS, local), call, headers, next);
    }

    /** The native data endpoint for the current call. */
    Endpoint dataEndpoint() {
        return endpoint(dataBound);
    }

    /** How a client of the current call reaches a socket bound at {@code bound}. */
    Endpoint endpoint(InetSocketAddress bound) {
        return Endpoint.newBuilder().setHost(host(bound)).setPort(bound.getPort()).build();
    }

    private String host(InetSocketAddress bound) {
        if (configuredHost != null) {
            return configuredHost;
        }
        if (!bound.getAddress().isAnyLocalAddress()) {
            return bound.getAddress().getHostAddress();
        }
        SocketAddress local = CONTROL_LOCAL_ADDRESS.get();
        if (local instanceof InetSocketAddress) {
            return ((InetSocketAddress) local).getAddress().getHostAddress();
        }
        return "127.0.0.1";
    }
}
