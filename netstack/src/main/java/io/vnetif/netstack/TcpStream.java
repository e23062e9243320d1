package io.vnetif.netstack;

import io.vnetif.netstack.socket.SocketContext;
import io.vnetif.netstack.stats.TcpState;
import io.vnetif.netstack.tcp.TcpConnection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;

/**
 * A TCP connection of the stack for event-driven frameworks (vnetif's Netty transport): no call blocks, and
 * instead of waiting on the connection a caller is told of each change by a watcher it sets. Reads and writes
 * copy once, between the caller's buffers (heap or direct) and the connection's rings; the stack's thread
 * sends and acknowledges, as it does for the java.net sockets of {@link NetStack#socket()}.
 *
 * <p>Threading: any thread may call it; one at a time per connection (a Netty channel's event loop).
 */
public final class TcpStream {
    private final SocketContext context;
    private final TcpConnection c;

    TcpStream(SocketContext context, TcpConnection c) {
        this.context = context;
        this.c = c;
    }

    /**
     * Sets who is told of every change: data or the end of the stream arrived, room in the send buffer, the
     * handshake done or failed, a reset (null: nobody). It runs on the stack's thread while the stack holds the
     * connection: it must only hand the news on (set a flag, wake a thread), never block or call this stream.
     * What happened before it was set is not told: look after setting it.
     */
    public void watch(Runnable onChange) {
        c.lock.lock();
        try {
            c.watch(onChange);
        } finally {
            c.lock.unlock();
        }
    }

    /** Whether the handshake is over: connected, or failed ({@link #connectFailure} says which). */
    public boolean connectDone() {
        c.lock.lock();
        try {
            return c.connectDone();
        } finally {
            c.lock.unlock();
        }
    }

    /**
     * Why the handshake failed (a {@link ConnectException} naming the address when refused, a timeout when the
     * SYNs went unanswered), or null when it did not (yet).
     */
    public IOException connectFailure() {
        c.lock.lock();
        try {
            if (!c.connectDone() || c.error() == null) {
                return null;
            }
            IOException e = c.error();
            IOException copy = e instanceof ConnectException ? new ConnectException(e.getMessage()) : new SocketException(e.getMessage());
            copy.initCause(e);
            return copy;
        } finally {
            c.lock.unlock();
        }
    }

    /** Whether {@link #read} would return at once with data, the end of the stream (-1) or an exception. */
    public boolean readable() {
        c.lock.lock();
        try {
            return c.readable();
        } finally {
            c.lock.unlock();
        }
    }

    /**
     * Takes received bytes into {@code dst}'s remaining room (its position moves on).
     *
     * @return the count, 0 when none are there, -1 at the end of the stream
     * @throws IOException when the connection was reset or timed out
     */
    public int read(ByteBuffer dst) throws IOException {
        int n;
        c.lock.lock();
        try {
            n = c.read(dst);
        } finally {
            c.lock.unlock();
        }
        if (n > 0) {
            context.loop().kick(c); // room in the window: the stack decides whether the peer must hear of it
        }
        return n;
    }

    /** Whether {@link #write} would take bytes (or throw) now. */
    public boolean writable() {
        c.lock.lock();
        try {
            return c.writable();
        } finally {
            c.lock.unlock();
        }
    }

    /**
     * Copies as much of the remaining bytes of {@code srcs[offset, offset + length)} as the send buffer takes (their
     * positions move on) and has the stack send them.
     *
     * @return the bytes taken: 0 when the send buffer is full
     * @throws IOException when the connection failed or its output was shut down
     */
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long taken = 0;
        c.lock.lock();
        try {
            for (int i = offset; i < offset + length; i++) {
                ByteBuffer src = srcs[i];
                int want = src.remaining();
                int n = c.write(src);
                taken += n;
                if (n < want) {
                    break;
                }
            }
        } finally {
            c.lock.unlock();
        }
        if (taken > 0) {
            context.loop().kick(c);
        }
        return taken;
    }

    /** Sends a FIN after the data written (half-close); reads go on. */
    public void shutdownOutput() {
        context.shutdownOutput(c);
    }

    /** Discards what is unread and what arrives from now on; reads return -1. */
    public void shutdownInput() {
        context.shutdownInput(c);
    }

    /**
     * Closes the connection: a FIN after the data written, or a reset with {@code abort} (SO_LINGER 0) or when
     * received data was left unread (RFC 2525). Does not wait; the watcher is told no more.
     */
    public void close(boolean abort) {
        c.lock.lock();
        try {
            c.watch(null);
        } finally {
            c.lock.unlock();
        }
        context.close(c, abort);
    }

    /** Nagle's algorithm off (true) or on. */
    public void setNoDelay(boolean on) {
        c.lock.lock();
        try {
            c.setNoDelay(on);
        } finally {
            c.lock.unlock();
        }
        context.loop().kick(c);
    }

    /** Keepalive probes on an idle connection (the stack's keepalive settings), or none. */
    public void setKeepAlive(boolean on) {
        c.lock.lock();
        try {
            c.setKeepAlive(on);
        } finally {
            c.lock.unlock();
        }
        context.loop().kick(c);
    }

    /** The RFC 9293 state now. */
    public TcpState state() {
        c.lock.lock();
        try {
            return c.state();
        } finally {
            c.lock.unlock();
        }
    }

    public InetSocketAddress localAddress() {
        return new InetSocketAddress(c.local().toInet(), c.localPort());
    }

    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress(c.remote().toInet(), c.remotePort());
    }

    /** The send buffer's capacity: the stack's setting ({@link TcpOptions#withSendBuffer}). */
    public int sendBufferSize() {
        return context.tcpConfig().sendBuffer();
    }

    /** The receive buffer's capacity, which bounds the window: the stack's setting ({@link TcpOptions#withReceiveBuffer}). */
    public int receiveBufferSize() {
        return context.tcpConfig().receiveBuffer();
    }

    @Override
    public String toString() {
        return c.toString();
    }
}
