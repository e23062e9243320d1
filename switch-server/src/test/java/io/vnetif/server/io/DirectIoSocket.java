package io.vnetif.server.io;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.vnetif.testing.Requirements;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A data-plane socket as the switch binds it for direct I/O (epoll, Netty's reads off) on a loop of its
 * own, on 127.0.0.1. Where direct I/O cannot run the test is skipped — and fails under {@code CI=true},
 * where it must run.
 */
final class DirectIoSocket implements AutoCloseable {
    final EventLoopGroup loop;
    final Channel channel;

    private DirectIoSocket(EventLoopGroup loop, Channel channel) {
        this.loop = loop;
        this.channel = channel;
    }

    /** Binds a socket whose pipeline holds {@code handler}. */
    static DirectIoSocket bind(ChannelHandler handler) throws InterruptedException {
        String unavailable = DataTransport.EPOLL.directIoUnavailableReason();
        if (!Epoll.isAvailable() || unavailable != null) {
            String why = Epoll.isAvailable() ? unavailable : String.valueOf(Epoll.unavailabilityCause());
            Requirements.unmet("direct I/O needs Linux epoll and JNA: " + why);
        }
        EventLoopGroup loop = DataTransport.EPOLL.newLoop("test-data");
        return new DirectIoSocket(loop, another(loop, handler));
    }

    /** Another socket on the same loop (closed by the caller). */
    static Channel another(EventLoopGroup loop, ChannelHandler handler) throws InterruptedException {
        return DataTransport.EPOLL.bootstrap(loop, true).handler(handler).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @Override
    public void close() throws InterruptedException {
        channel.close().sync();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
