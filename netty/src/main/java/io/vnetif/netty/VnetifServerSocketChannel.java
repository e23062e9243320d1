package io.vnetif.netty;

import io.netty.channel.AbstractServerChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.ServerSocketChannelConfig;
import io.vnetif.netstack.NetStack;
import io.vnetif.netstack.TcpStream;
import io.vnetif.netstack.TcpStreamListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A Netty {@link ServerSocketChannel} listening on a TCP port of a {@link NetStack}: register it with a group of
 * {@link VnetifIoHandler}s of that stack (the child group too), and {@code ServerBootstrap} code runs as it does
 * with NIO's channel. Accepted connections are {@link VnetifSocketChannel}s.
 *
 * <pre>{@code
 * EventLoopGroup group = new MultiThreadIoEventLoopGroup(VnetifIoHandler.newFactory(stack));
 * new ServerBootstrap().group(group).channel(VnetifServerSocketChannel.class)
 *         .childHandler(...)
 *         .bind(8080);
 * }</pre>
 */
public final class VnetifServerSocketChannel extends AbstractServerChannel implements ServerSocketChannel {
    private final VnetifServerSocketChannelConfig config = new VnetifServerSocketChannelConfig(this);
    private final LoopRegistration io = new LoopRegistration();
    private volatile TcpStreamListener listener;
    private volatile boolean open = true;
    private volatile InetSocketAddress localAddress;
    // The event loop's alone:
    private boolean readInterest;
    private boolean readPending;

    /** A channel that listens once bound; it takes its stack from the event loop it registers with. */
    public VnetifServerSocketChannel() {
    }

    @Override
    public ServerSocketChannelConfig config() {
        return config;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return null;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && listener != null;
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new ListenerUnsafe();
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return LoopRegistration.compatible(loop, ListenerUnsafe.class);
    }

    @Override
    protected SocketAddress localAddress0() {
        return localAddress;
    }

    @Override
    protected void doRegister(ChannelPromise promise) {
        io.register(eventLoop(), (ListenerUnsafe) unsafe(), promise, () -> {
        });
    }

    @Override
    protected void doDeregister() {
        TcpStreamListener l = listener;
        if (l != null) {
            l.watch(null);
        }
        io.deregister();
    }

    @Override
    protected void doBind(SocketAddress local) throws Exception {
        InetSocketAddress address = StackAddresses.local(io.stack(), local);
        TcpStreamListener l = io.stack().listenStreams(address.getPort(), config.getBacklog());
        l.watch(io.waker());
        localAddress = l.localAddress();
        listener = l;
    }

    @Override
    protected void doClose() {
        open = false;
        TcpStreamListener l = listener;
        if (l != null) {
            l.close();
        }
    }

    @Override
    protected void doBeginRead() {
        if (!io.isRegistered()) {
            return;
        }
        readPending = true;
        readInterest = true;
        io.wake(); // connections may be waiting already
    }

    @Override
    public String toString() {
        InetSocketAddress a = localAddress;
        return "[vnetif listening " + (a == null ? "unbound" : a.getAddress().getHostAddress() + ":" + a.getPort()) + "]";
    }

    /** Accepting on the loop when the listener's watcher says connections wait; the handle its loop wakes. */
    private final class ListenerUnsafe extends AbstractUnsafe implements VnetifIoHandle {
        @Override
        public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            safeSetFailure(promise, new UnsupportedOperationException("a server channel does not connect"));
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            TcpStreamListener l = listener;
            if (l != null && open && readInterest) {
                accept(l);
            }
        }

        /** Takes waiting connections as NIO's server channel does: at most what the allocator's handle allows per look. */
        private void accept(TcpStreamListener l) {
            ChannelConfig config = config();
            ChannelPipeline pipeline = pipeline();
            RecvByteBufAllocator.Handle allocHandle = recvBufAllocHandle();
            allocHandle.reset(config);
            IOException failure = null;
            try {
                TcpStream s;
                while ((s = l.accept()) != null) {
                    allocHandle.incMessagesRead(1);
                    readPending = false;
                    pipeline.fireChannelRead(new VnetifSocketChannel(VnetifServerSocketChannel.this, s));
                    if (!allocHandle.continueReading()) {
                        io.wake(); // more may wait: after the loop's other work
                        break;
                    }
                }
            } catch (IOException e) {
                failure = e;
            }
            allocHandle.readComplete();
            pipeline.fireChannelReadComplete();
            if (failure != null) {
                pipeline.fireExceptionCaught(failure);
                close(voidPromise());
            }
            if (!readPending && !config.isAutoRead()) {
                readInterest = false;
            }
        }

        @Override
        public void close() {
            close(voidPromise());
        }
    }
}
