package io.vnetif.netty.grpc;

import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vnetif.netstack.NetStack;
import io.vnetif.netty.VnetifIoHandler;
import io.vnetif.netty.VnetifServerSocketChannel;
import io.vnetif.netty.VnetifSocketChannel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * gRPC-java on the virtual LAN in one line: gRPC's Netty builders with vnetif's channels and an event loop group of
 * the stack. The rest of a gRPC program — services, stubs, interceptors, deadlines — is unchanged.
 *
 * <pre>{@code
 * Server server = VnetifGrpc.server(serverStack, 50051).addService(new GreeterImpl()).build().start();
 * ManagedChannel channel = VnetifGrpc.channel(clientStack, "198.19.0.7", 50051).build();
 * }</pre>
 *
 * <p>It needs {@code io.grpc:grpc-netty} (the unshaded transport) on the class path: grpc-netty-shaded relocates
 * Netty, so its builders cannot take these channels. Each stack has one group for these builders (two event loops),
 * shut down when the stack closes; give the builders a group of your own for anything else.
 */
public final class VnetifGrpc {
    private static final Map<NetStack, EventLoopGroup> GROUPS = new ConcurrentHashMap<>();

    private VnetifGrpc() {
    }

    /** A server builder listening on {@code port} of {@code stack}, plaintext; add services and build it. */
    public static NettyServerBuilder server(NetStack stack, int port) {
        EventLoopGroup group = group(stack);
        return NettyServerBuilder.forAddress(new InetSocketAddress(stack.address(), port))
                .channelType(VnetifServerSocketChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group);
    }

    /**
     * A channel builder to {@code host:port} from {@code stack}, plaintext: {@code host} an IPv4 literal or a name
     * the stack was given ({@link NetStack.Builder#host}), never looked up in DNS.
     */
    public static NettyChannelBuilder channel(NetStack stack, String host, int port) {
        if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) { // one colon: no IPv6 literal, a port
            throw new IllegalArgumentException("host '" + host + "' ends in a port: give the port as its own argument, or the "
                    + "whole target to channel(stack, \"host:port\")");
        }
        return NettyChannelBuilder.forAddress(InetSocketAddress.createUnresolved(host, port))
                .channelType(VnetifSocketChannel.class)
                .eventLoopGroup(group(stack))
                .usePlaintext();
    }

    /**
     * A channel builder to {@code target} from {@code stack}, as gRPC names targets: {@code host:port}, or
     * {@code [ipv6]:port}; otherwise as {@link #channel(NetStack, String, int)}.
     *
     * @throws IllegalArgumentException naming the target when it has no port, or no port in 1..65535
     */
    public static NettyChannelBuilder channel(NetStack stack, String target) {
        int colon = target.lastIndexOf(':');
        boolean bracketed = target.startsWith("[") && colon > 0 && target.charAt(colon - 1) == ']';
        if (colon <= 0 || (!bracketed && target.indexOf(':') != colon)) {
            throw new IllegalArgumentException("target '" + target + "': give host:port or [ipv6]:port, e.g. 198.19.0.7:50051");
        }
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = 0;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("target '" + target + "': the port must be a number in 1..65535");
        }
        String host = bracketed ? target.substring(1, colon - 1) : target.substring(0, colon);
        return channel(stack, host, port);
    }

    /** The stack's group for gRPC: made on first use, shut down when the stack closes. */
    private static EventLoopGroup group(NetStack stack) {
        return GROUPS.computeIfAbsent(stack, s -> {
            EventLoopGroup g = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("vnetif-grpc-" + s.address().getHostAddress(), true),
                    VnetifIoHandler.newFactory(s));
            s.onClose(() -> {
                GROUPS.remove(s);
                g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            });
            return g;
        });
    }
}
