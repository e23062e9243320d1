package io.vnetif.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.netstack.NetStack;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Where a test's channels live: NIO on loopback, or vnetif on two stacks of an in-process switch. A test takes its
 * bootstraps from here and is otherwise the same code on both: the same suite proves the vnetif channels behave as
 * Netty's own.
 */
abstract class Backend implements AutoCloseable {
    /** The backends a parametrised test runs on. */
    enum Kind {
        NIO, VNETIF;

        Backend start() {
            return this == NIO ? new Nio() : new Vnetif();
        }
    }

    /** A server bootstrap of the server's group and channel class: add handlers and options, bind to {@link #anyPort()}. */
    abstract ServerBootstrap server();

    /** A client bootstrap of the client's group and channel class. */
    abstract Bootstrap client();

    /** Where a server binds: the server's address, an ephemeral port. */
    abstract SocketAddress anyPort();

    /** Where a client reaches the server channel {@code bound}. */
    SocketAddress addressOf(Channel bound) {
        return bound.localAddress();
    }

    /** An address of the server's host where nothing listens: a connect is refused. */
    abstract InetSocketAddress refusing();

    /** A peer that never answers a SYN: a connect times out. */
    abstract SocketAddress silent() throws Exception;

    /** NIO over the loopback interface, on NioIoHandler loops. */
    private static final class Nio extends Backend {
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        private Channel queueFull;

        @Override
        ServerBootstrap server() {
            return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class);
        }

        @Override
        Bootstrap client() {
            return new Bootstrap().group(group).channel(NioSocketChannel.class);
        }

        @Override
        SocketAddress anyPort() {
            return new InetSocketAddress("127.0.0.1", 0);
        }

        @Override
        InetSocketAddress refusing() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        /** A listener that accepts nothing, its accept queue filled: Linux drops further SYNs. */
        @Override
        SocketAddress silent() throws Exception {
            queueFull = server().option(io.netty.channel.ChannelOption.SO_BACKLOG, 1).option(io.netty.channel.ChannelOption.AUTO_READ, false)
                    .childHandler(new io.netty.channel.ChannelInboundHandlerAdapter()).bind(anyPort()).sync().channel();
            SocketAddress at = queueFull.localAddress();
            for (int i = 0; i < 2; i++) { // backlog + 1 completed handshakes fill the queue
                client().handler(new io.netty.channel.ChannelInboundHandlerAdapter()).connect(at).sync();
            }
            return at;
        }

        @Override
        public void close() {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Two stacks on an in-process switch, each with its group of VnetifIoHandlers. */
    private static final class Vnetif extends Backend {
        private final VirtualSwitch lan = VirtualSwitch.inProcess();
        private final NetStack serverStack = NetStack.on(lan.attach("lab"), "198.19.0.7/24");
        private final NetStack clientStack = NetStack.on(lan.attach("lab"), "198.19.0.5/24");
        private final EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, VnetifIoHandler.newFactory(serverStack));
        private final EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, VnetifIoHandler.newFactory(clientStack));

        @Override
        ServerBootstrap server() {
            return new ServerBootstrap().group(serverGroup).channel(VnetifServerSocketChannel.class);
        }

        @Override
        Bootstrap client() {
            return new Bootstrap().group(clientGroup).channel(VnetifSocketChannel.class);
        }

        @Override
        SocketAddress anyPort() {
            return new InetSocketAddress(0);
        }

        @Override
        InetSocketAddress refusing() {
            return new InetSocketAddress("198.19.0.7", 1);
        }

        /** An address of the network no stack has: ARP goes unanswered, no SYN leaves. */
        @Override
        SocketAddress silent() {
            return new InetSocketAddress("198.19.0.99", 80);
        }

        @Override
        public void close() {
            clientGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            serverGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            clientStack.close();
            serverStack.close();
            lan.close();
        }
    }
}
