package io.vnetif.netstack;

import io.vnetif.netstack.socket.SocketContext;
import io.vnetif.netstack.tcp.TcpConnection;
import io.vnetif.netstack.tcp.TcpListener;
import io.vnetif.netstack.wire.Ipv4Address;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A listening TCP port of the stack for event-driven frameworks: {@link #accept} never blocks, and a watcher is
 * told when a connection waits. Its connections are {@link TcpStream}s.
 *
 * <p>Threading: any thread may call it; one at a time (a Netty server channel's event loop).
 */
public final class TcpStreamListener {
    private final SocketContext context;
    private final TcpListener l;

    TcpStreamListener(SocketContext context, TcpListener l) {
        this.context = context;
        this.l = l;
    }

    /**
     * Sets who is told when a connection joins the accept queue or the listener closes (null: nobody). It runs
     * on the stack's thread: it must only hand the news on (set a flag, wake a thread), never block or call this
     * listener. What happened before it was set is not told: accept after setting it.
     */
    public void watch(Runnable onChange) {
        l.lock.lock();
        try {
            l.watch(onChange);
        } finally {
            l.lock.unlock();
        }
    }

    /**
     * The next connection whose handshake completed, or null when none waits.
     *
     * @throws IOException when the listener was closed
     */
    public TcpStream accept() throws IOException {
        TcpConnection c;
        l.lock.lock();
        try {
            c = l.poll();
        } finally {
            l.lock.unlock();
        }
        return c == null ? null : new TcpStream(context, c);
    }

    /** The address and port it listens on. */
    public InetSocketAddress localAddress() {
        return new InetSocketAddress(Ipv4Address.toInet(context.stack().ip().address()), l.port());
    }

    /** Frees the port; connections not yet accepted are reset. The watcher is told no more. */
    public void close() {
        watch(null);
        context.loop().execute(() -> context.stack().tcp().closeListener(l));
    }
}
