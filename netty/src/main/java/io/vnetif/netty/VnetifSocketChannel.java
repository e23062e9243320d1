package io.vnetif.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.util.concurrent.Future;
import io.vnetif.netstack.NetStack;
import io.vnetif.netstack.TcpStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.util.concurrent.TimeUnit;

/**
 * A Netty {@link SocketChannel} over a TCP connection of a {@link NetStack}: register it with a group of
 * {@link VnetifIoHandler}s of that stack, and {@code Bootstrap} code runs as it does with NIO's channel.
 *
 * <pre>{@code
 * new Bootstrap().group(new MultiThreadIoEventLoopGroup(VnetifIoHandler.newFactory(stack)))
 *         .channel(VnetifSocketChannel.class)
 *         .handler(...)
 *         .connect("198.19.0.7", 8080);
 * }</pre>
 *
 * <p>Reads copy from the stack's receive buffer straight into the ByteBuf of the channel's allocator; writes copy
 * the flushed ByteBufs straight into the stack's send buffer (one copy each way, as a kernel socket makes). While
 * the send buffer is full, what is written waits in the channel's outbound buffer, whose water marks make the
 * channel unwritable; with auto-read off nothing is taken from the receive buffer, so the TCP window closes and
 * the peer's writes wait. Options: TCP_NODELAY (on by default), SO_KEEPALIVE, SO_LINGER (0: close resets),
 * ALLOW_HALF_CLOSURE, CONNECT_TIMEOUT_MILLIS, and Netty's own; SO_SNDBUF and SO_RCVBUF report the stack's buffers.
 */
public final class VnetifSocketChannel extends AbstractChannel implements SocketChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);

    private final VnetifSocketChannelConfig config;
    private final LoopRegistration io = new LoopRegistration();
    private final Runnable flushTask = () -> ((StreamUnsafe) unsafe()).writeNow();
    private volatile TcpStream stream;
    private volatile boolean open = true;
    private volatile boolean active;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;
    private volatile InetSocketAddress localAddress;
    private volatile InetSocketAddress remoteAddress;
    // The event loop's alone:
    private int boundPort;
    private boolean readInterest;
    private boolean readPending;
    private boolean inputClosedSeenErrorOnRead;
    /** Written bytes wait for room in the send buffer: the stream's watcher says when. */
    private boolean waitingForRoom;
    private ChannelPromise connectPromise;
    private SocketAddress requestedRemoteAddress;
    private Future<?> connectTimeout;

    /** An unconnected channel (Bootstrap makes it); it takes its stack from the event loop it registers with. */
    public VnetifSocketChannel() {
        this(null, null);
    }

    /** A channel of a connection {@code parent} accepted. */
    VnetifSocketChannel(VnetifServerSocketChannel parent, TcpStream accepted) {
        super(parent);
        this.config = new VnetifSocketChannelConfig(this);
        if (accepted != null) {
            this.stream = accepted;
            this.active = true;
            this.localAddress = accepted.localAddress();
            this.remoteAddress = accepted.remoteAddress();
        }
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    public SocketChannelConfig config() {
        return config;
    }

    @Override
    public VnetifServerSocketChannel parent() {
        return (VnetifServerSocketChannel) super.parent();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    /** The connection (null before connect), for the config's options. */
    TcpStream stream() {
        return stream;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && active;
    }

    @Override
    public boolean isInputShutdown() {
        return inputShutdown || !isActive();
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShutdown || !isActive();
    }

    @Override
    public boolean isShutdown() {
        return inputShutdown && outputShutdown || !isActive();
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        onLoop(() -> ((AbstractUnsafe) unsafe()).shutdownOutput(promise));
        return promise;
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        onLoop(() -> {
            try {
                shutdownInput0();
                promise.setSuccess();
            } catch (Throwable t) {
                promise.setFailure(t);
            }
        });
        return promise;
    }

    @Override
    public ChannelFuture shutdown() {
        return shutdown(newPromise());
    }

    /** Output, then input (as NIO's channel does). */
    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        shutdownOutput().addListener(out -> shutdownInput().addListener(in -> {
            Throwable cause = out.cause() != null ? out.cause() : in.cause();
            if (cause == null) {
                promise.setSuccess();
            } else {
                promise.setFailure(cause);
            }
        }));
        return promise;
    }

    private void onLoop(Runnable task) {
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    private void shutdownInput0() throws ClosedChannelException {
        TcpStream s = stream;
        if (s == null || !open) {
            throw new ClosedChannelException();
        }
        s.shutdownInput();
        inputShutdown = true;
    }

    /** Auto-read was turned off: a read asked for earlier is not done (what arrives waits in the window). */
    void clearReadPending() {
        if (isRegistered()) {
            onLoop(() -> {
                readPending = false;
                readInterest = false;
            });
        } else {
            readPending = false;
        }
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new StreamUnsafe();
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return LoopRegistration.compatible(loop, StreamUnsafe.class);
    }

    @Override
    protected SocketAddress localAddress0() {
        return localAddress;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remoteAddress;
    }

    @Override
    protected void doRegister(ChannelPromise promise) {
        io.register(eventLoop(), (StreamUnsafe) unsafe(), promise, () -> {
            TcpStream s = stream;
            if (s != null) { // accepted: its loop must be of its stack
                if (!s.localAddress().getAddress().equals(io.stack().address())) {
                    throw new IllegalStateException("a connection of the stack at " + s.localAddress().getAddress().getHostAddress()
                            + " cannot register with an event loop of " + io.stack() + ": give the child group the same stack");
                }
                config.applyTo(s);
                s.watch(io.waker());
                io.wake(); // what arrived before it was registered
            }
        });
    }

    @Override
    protected void doDeregister() {
        TcpStream s = stream;
        if (s != null) {
            s.watch(null);
        }
        io.deregister();
    }

    @Override
    protected void doBind(SocketAddress local) throws Exception {
        InetSocketAddress address = StackAddresses.local(io.stack(), local);
        boundPort = address.getPort();
        localAddress = address;
    }

    @Override
    protected void doDisconnect() throws Exception {
        doClose();
    }

    @Override
    protected void doClose() throws Exception {
        open = false;
        active = false;
        ChannelPromise promise = connectPromise;
        if (promise != null) {
            promise.tryFailure(new ClosedChannelException());
            connectPromise = null;
        }
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
        }
        TcpStream s = stream;
        if (s != null) {
            s.close(config.getSoLinger() == 0);
        }
    }

    @Override
    protected void doShutdownOutput() throws Exception {
        TcpStream s = stream;
        if (s == null) {
            throw new ClosedChannelException();
        }
        s.shutdownOutput();
        outputShutdown = true;
    }

    @Override
    protected void doBeginRead() {
        if (!io.isRegistered()) {
            return;
        }
        readPending = true;
        readInterest = true;
        io.wake(); // data may be there already: the loop looks, as epoll reports a ready socket at once
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        TcpStream s = stream;
        int maxBytes = s.sendBufferSize();
        for (int spins = config.getWriteSpinCount(); spins > 0; spins--) {
            if (in.isEmpty()) {
                return;
            }
            ByteBuffer[] buffers = in.nioBuffers(1024, maxBytes);
            int count = in.nioBufferCount();
            if (count == 0) {
                in.removeBytes(0); // empty buffers only
                continue;
            }
            long written = s.write(buffers, 0, count);
            if (written == 0) {
                waitingForRoom = true; // the send buffer is full: its watcher wakes the loop when acknowledgments free room
                return;
            }
            in.removeBytes(written);
        }
        if (!in.isEmpty()) {
            eventLoop().execute(flushTask); // the write quantum is spent: other channels of the loop go first
        }
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof ByteBuf) {
            return msg;
        }
        throw new UnsupportedOperationException("a vnetif channel writes ByteBufs, not " + msg.getClass().getName()
                + " (a FileRegion: read it into ByteBufs, e.g. with ChunkedWriteHandler and ChunkedNioFile)");
    }

    @Override
    public String toString() {
        TcpStream s = stream;
        return "[vnetif " + (s != null ? s.toString() : "unconnected") + "]";
    }

    /** The channel's I/O on its loop: connecting, reading, writing when room comes; the handle its loop wakes. */
    private final class StreamUnsafe extends AbstractUnsafe implements VnetifIoHandle {
        @Override
        public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            if (promise.isDone() || !ensureOpen(promise)) {
                return;
            }
            try {
                if (connectPromise != null) {
                    throw new ConnectionPendingException();
                }
                if (stream != null) {
                    throw new java.nio.channels.AlreadyConnectedException();
                }
                NetStack stack = io.stack();
                if (local != null) {
                    doBind(local);
                }
                if (!(remote instanceof InetSocketAddress target)) {
                    throw new java.nio.channels.UnsupportedAddressTypeException();
                }
                TcpStream s = stack.openStream(target, boundPort);
                stream = s;
                localAddress = s.localAddress();
                config.applyTo(s);
                connectPromise = promise;
                requestedRemoteAddress = remote;
                int timeoutMillis = config.getConnectTimeoutMillis();
                if (timeoutMillis > 0) {
                    connectTimeout = eventLoop().schedule(() -> {
                        ChannelPromise p = connectPromise;
                        if (p != null && p.tryFailure(new ConnectTimeoutException("connection timed out after " + timeoutMillis + " ms: " + remote))) {
                            close(voidPromise());
                        }
                    }, timeoutMillis, TimeUnit.MILLISECONDS);
                }
                promise.addListener(f -> {
                    if (f.isCancelled()) {
                        if (connectTimeout != null) {
                            connectTimeout.cancel(false);
                        }
                        connectPromise = null;
                        close(voidPromise());
                    }
                });
                s.watch(io.waker());
                io.wake(); // the handshake may be over already
            } catch (Throwable t) {
                promise.tryFailure(annotateConnectException(t, remote));
                closeIfClosed();
            }
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            TcpStream s = stream;
            if (s == null || !open) {
                return;
            }
            if (connectPromise != null) {
                if (!s.connectDone()) {
                    return;
                }
                finishConnect(s);
            }
            if (waitingForRoom && s.writable()) {
                writeNow();
            }
            if (readInterest && s.readable()) {
                read(s);
            }
        }

        private void finishConnect(TcpStream s) {
            ChannelPromise promise = connectPromise;
            connectPromise = null;
            if (connectTimeout != null) {
                connectTimeout.cancel(false);
            }
            IOException failure = s.connectFailure();
            if (failure != null) {
                promise.tryFailure(annotateConnectException(failure, requestedRemoteAddress));
                close(voidPromise());
                return;
            }
            remoteAddress = s.remoteAddress();
            active = true;
            boolean promiseSet = promise.trySuccess();
            pipeline().fireChannelActive();
            if (!promiseSet) {
                close(voidPromise()); // cancelled meanwhile
            }
        }

        /** Writes what is flushed now, whatever a pending wait for room says (the room came, or the quantum ran out). */
        void writeNow() {
            waitingForRoom = false;
            super.flush0();
        }

        @Override
        protected void flush0() {
            if (!waitingForRoom) { // else the watcher's wake-up writes, once room came
                super.flush0();
            }
        }

        private void read(TcpStream s) {
            SocketChannelConfig config = config();
            if (inputShutdown && (inputClosedSeenErrorOnRead || !config.isAllowHalfClosure())) {
                readPending = false;
                readInterest = false;
                return;
            }
            ChannelPipeline pipeline = pipeline();
            RecvByteBufAllocator.Handle allocHandle = recvBufAllocHandle();
            allocHandle.reset(config);
            ByteBuf buf = null;
            boolean ended = false;
            try {
                do {
                    buf = allocHandle.allocate(config.getAllocator());
                    int at = buf.writerIndex();
                    int room = buf.writableBytes();
                    allocHandle.attemptedBytesRead(room);
                    int n = s.read(buf.internalNioBuffer(at, room));
                    allocHandle.lastBytesRead(n);
                    if (n <= 0) {
                        buf.release();
                        buf = null;
                        ended = n < 0;
                        if (ended) {
                            readPending = false;
                        }
                        break;
                    }
                    buf.writerIndex(at + n);
                    allocHandle.incMessagesRead(1);
                    readPending = false;
                    pipeline.fireChannelRead(buf);
                    buf = null;
                } while (allocHandle.continueReading());
                allocHandle.readComplete();
                pipeline.fireChannelReadComplete();
                if (ended) {
                    inputEnded(pipeline);
                }
            } catch (Throwable t) {
                if (buf != null) {
                    buf.release();
                }
                allocHandle.readComplete();
                pipeline.fireChannelReadComplete();
                pipeline.fireExceptionCaught(t); // a reset: "connection reset by 198.19.0.7:8080"
                if (t instanceof IOException) {
                    inputEnded(pipeline);
                }
            } finally {
                if (!readPending && !config.isAutoRead()) {
                    readInterest = false;
                }
            }
        }

        /** The peer's FIN (or a failure): half-closed if allowed, else closed, as NIO's channel does. */
        private void inputEnded(ChannelPipeline pipeline) {
            if (!inputShutdown) {
                if (config().isAllowHalfClosure()) {
                    try {
                        shutdownInput0();
                    } catch (ClosedChannelException e) {
                        return;
                    }
                    pipeline.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
                } else {
                    close(voidPromise());
                }
            } else if (!inputClosedSeenErrorOnRead) {
                inputClosedSeenErrorOnRead = true;
                pipeline.fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
            }
        }

        @Override
        public void close() {
            close(voidPromise());
        }
    }
}
