package io.vnetif.server.control;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.vnetif.proto.v1.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
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

    /**
     * Where {@code peer} (a VM or a kernel's vxlan device, not the caller) sends to reach a socket bound at
     * {@code bound}: the configured host, else the bind address, else (a wildcard) this host's address on
     * the route to the peer, which is also the source of what the switch sends it. The address the caller
     * reached the control port at (often loopback) would be of no use to a peer elsewhere.
     */
    Endpoint endpointFor(InetSocketAddress bound, InetSocketAddress peer) {
        if (configuredHost == null && bound.getAddress().isAnyLocalAddress()) {
            InetAddress route = routeSource(peer);
            if (route != null) {
                return Endpoint.newBuilder().setHost(route.getHostAddress()).setPort(bound.getPort()).build();
            }
        }
        return endpoint(bound);
    }

    /** The local address the kernel sends from to {@code peer}: connecting a UDP socket sends nothing. */
    private static InetAddress routeSource(InetSocketAddress peer) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(peer);
            InetAddress local = probe.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? null : local;
        } catch (IOException | UncheckedIOException e) {
            return null; // no route: the answer names the address as for any client
        }
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
