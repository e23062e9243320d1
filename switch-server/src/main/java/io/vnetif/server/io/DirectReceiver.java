package io.vnetif.server.io;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.vnetif.server.io.linux.LinuxCalls;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a data-plane socket's datagrams with the switch's own {@link BatchReader} instead of Netty's
 * datagram read. The Netty channel keeps the socket, its sends and its pipeline, but never reads (auto
 * read off); this handle watches a duplicate of its file descriptor on the same event loop —
 * level-triggered, one batch per readiness, so every socket of the loop gets its turn — and closes the
 * duplicate when the channel closes (until then the socket stays bound).
 */
public final class DirectReceiver implements EpollIoHandle {
    private static final Logger log = LoggerFactory.getLogger(DirectReceiver.class);
    private static final long ERROR_LOG_INTERVAL_NANOS = 5_000_000_000L;

    private final FileDescriptor fd;
    private final BatchReader reader;
    private final DatagramConsumer decoder;
    private final DataOutputs outputs;
    private final DataPlaneGuard guard;
    private final String socketName;
    /** Made before anything can fail: the guard is told where without a text built in the catch. */
    private final String whereReceiving;
    private IoRegistration registration;
    private long lastErrorLogNanos;
    private long errorsSinceLog;

    private DirectReceiver(FileDescriptor fd, BatchReader reader, DatagramConsumer decoder, DataOutputs outputs, DataPlaneGuard guard,
                           String socketName) {
        this.fd = fd;
        this.reader = reader;
        this.decoder = decoder;
        this.outputs = outputs;
        this.guard = guard;
        this.socketName = socketName;
        this.whereReceiving = "the receive batch of " + socketName;
    }

    /**
     * Starts receiving {@code channel}'s datagrams through {@code reader} into {@code consumer}. Call off
     * the channel's loop, with the channel bound and auto read off.
     *
     * @param guard where an error the data plane cannot go on after goes
     * @throws IOException when the descriptor cannot be duplicated or watched
     */
    public static void start(EpollDatagramChannel channel, BatchReader reader, DatagramConsumer decoder, DataOutputs outputs,
                             DataPlaneGuard guard) throws IOException {
        if (!channel.isOpen()) {
            throw new IOException("the socket of " + channel.localAddress() + " closed before it could be watched");
        }
        int duplicate = LinuxCalls.fcntl(channel.fd().intValue(), LinuxCalls.F_DUPFD_CLOEXEC, 0);
        if (duplicate < 0) {
            throw new IOException("cannot duplicate the socket of " + channel.localAddress() + " (errno " + LinuxCalls.errno() + ")");
        }
        DirectReceiver receiver = new DirectReceiver(new FileDescriptor(duplicate), reader, decoder, outputs, guard,
                String.valueOf(channel.localAddress()));
        EventLoop loop = channel.eventLoop();
        try {
            loop.submit(() -> {
                receiver.register(channel);
                return null;
            }).syncUninterruptibly();
        } catch (Throwable e) { // epoll_ctl's IOException comes through unwrapped: whatever it is, the duplicate goes
            try {
                loop.execute(receiver::close);
            } catch (RejectedExecutionException shuttingDown) {
                receiver.close(); // the loop is ending: it closes what it had registered itself
            }
            throw new IOException("cannot watch the socket of " + channel.localAddress() + ": " + e, e);
        }
    }

    /** On the loop: watch the duplicate for readability, and stop when the channel closes. */
    private void register(Channel channel) throws Exception {
        registration = ((IoEventLoop) channel.eventLoop()).register(this).get(); // done at once: this is the loop
        registration.submit(EpollIoOps.EPOLLIN);
        channel.closeFuture().addListener(f -> close());
        if (!channel.isOpen()) {
            close();
        }
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    /**
     * One readiness of the socket: one duty cycle. Nothing may escape to Netty's loop: it would skip the
     * other ready sockets' events and stall the loop for a second (or end it, for an {@link Error}),
     * where Netty's own read path reports and goes on. An exception is logged and the loop goes on; an
     * {@link Error} (out of memory, a decoder's VirtualMachineError) fails the switch ({@link DataPlaneGuard})
     * and this socket stops being read, rather than being retried by every readiness.
     */
    @Override
    public void handle(IoRegistration ioRegistration, IoEvent event) {
        try {
            int read = doWork();
            if (read < 0) {
                failed("errno " + -read, null);
            }
        } catch (Throwable e) { // a buffer that cannot be had, a failing flush, an error from a decoder
            if (guard.check(whereReceiving, e)) {
                close();
            } else {
                failed(e.toString(), e);
            }
        }
    }

    /**
     * The batch cycle: read a batch of datagrams, decode each (the decoder authenticates it and hands its
     * frame to the engine, which switches it and queues what leaves), flush the outputs (every socket the
     * batch wrote to), where a refused frame is booked with the socket it was to leave by.
     *
     * @return the datagrams read (0: none waiting), or a negated errno
     */
    int doWork() {
        int read = reader.read(fd.intValue(), decoder);
        if (read > 0) {
            outputs.flushAll();
        }
        return read;
    }

    /** A receive error: logged at most every few seconds (level-triggered epoll calls again while it lasts). */
    private void failed(String what, Throwable cause) {
        errorsSinceLog++;
        long now = System.nanoTime();
        if (lastErrorLogNanos == 0 || now - lastErrorLogNanos >= ERROR_LOG_INTERVAL_NANOS) {
            log.warn("receiving on {} failed: {} ({} time(s) since the last report)", socketName, what, errorsSinceLog, cause);
            lastErrorLogNanos = now;
            errorsSinceLog = 0;
        }
    }

    /** Stops watching and closes the duplicate; called on the loop, when the channel closes or the loop ends. */
    @Override
    public void close() {
        if (registration != null) {
            registration.cancel();
            registration = null;
        }
        if (fd.isOpen()) {
            try {
                fd.close();
            } catch (IOException e) {
                log.debug("closing the duplicate socket of {}", socketName, e);
            }
        }
    }
}
