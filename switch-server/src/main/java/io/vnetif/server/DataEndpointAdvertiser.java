package io.vnetif.server;

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
 * Decides which data endpoint an Attach response names: the configured host, else the data bind
 * address, else (bound to a wildcard) the local address the client reached the control port at, which
 * is an address of this host that the client can reach. As an interceptor it records that address for
 * the call.
 */
final class DataEndpointAdvertiser implements ServerInterceptor {
    private static final Context.Key<SocketAddress> CONTROL_LOCAL_ADDRESS = Context.key("vnetif-control-local-address");

    private final String configuredHost;
    private final InetSocketAddress dataBound;

    DataEndpointAdvertiser(String configuredHost, InetSocketAddress dataBound) {
        this.configuredHost = configuredHost;
        this.dataBound = dataBound;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        SocketAddress local = call.getAttributes().get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR);
        return Contexts.interceptCall(Context.current().withValue(CONTROL_LOCAL_ADDRESS, local), call, headers, next);
    }

    /** The endpoint for the current call. */
    Endpoint dataEndpoint() {
        return Endpoint.newBuilder().setHost(host()).setPort(dataBound.getPort()).build();
    }

    private String host() {
        if (configuredHost != null) {
            return configuredHost;
        }
        if (!dataBound.getAddress().isAnyLocalAddress()) {
            return dataBound.getAddress().getHostAddress();
        }
        SocketAddress local = CONTROL_LOCAL_ADDRESS.get();
        if (local instanceof InetSocketAddress) {
            return ((InetSocketAddress) local).getAddress().getHostAddress();
        }
        return "127.0.0.1";
    }
}
