package io.vnetif.netstack.tcp;

import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.wire.TcpHeader;
import java.net.SocketException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A listening port (RFC 9293's LISTEN): SYNs become half-open connections (at most {@link #maxHalfOpen};
 * beyond, SYN cookies keep a flood from crowding out real clients), completed handshakes wait in the accept queue (at most the backlog; a handshake beyond it stays half-open
 * and its SYN-ACK goes again later, as Linux does). The stack's thread feeds it; an accepting thread takes
 * from it under {@link #lock}.
 */
public final class TcpListener {
    private final TcpLayer layer;
    private final int port;
    private final int backlog;
    private final int maxHalfOpen;
    private final ArrayDeque<TcpConnection> accepted = new ArrayDeque<>();
    private int halfOpen;
    private boolean closed;

    /** Held while the queue changes; {@link #changed} is signalled when a connection is ready or the listener closes. */
    public final ReentrantLock lock = new ReentrantLock();
    public final Condition changed = lock.newCondition();
    /** Told what {@link #changed} is told; null: nobody. */
    private Runnable watcher;

    TcpListener(TcpLayer layer, int port, int backlog) {
        this.layer = layer;
        this.port = port;
        this.backlog = Math.max(1, backlog);
        this.maxHalfOpen = Math.max(this.backlog, 128);
    }

    /**
     * Sets who is told whenever a connection joins the accept queue or the listener closes (null: nobody). It
     * runs on the stack's thread under {@link #lock}: it must only hand the news on (set a flag, wake a thread).
     */
    public void watch(Runnable onChange) {
        watcher = onChange;
    }

    /** Wakes the threads waiting on {@link #changed}, and tells the watcher. */
    private void signal() {
        changed.signalAll();
        Runnable w = watcher;
        if (w != null) {
            w.run();
        }
    }

    public int port() {
        return port;
    }

    /** A segment for this port without a connection (RFC 9293 §3.10.7.2). */
    void onSegment(Segment seg, long nowNanos) {
        if (seg.has(TcpHeader.RST)) {
            return;
        }
        if (seg.has(TcpHeader.ACK)) {
            if (!seg.has(TcpHeader.SYN) && layer.cookieReturned(seg, this, nowNanos)) {
                return;
            }
            layer.counters().increment(Counter.DROP_TCP_NO_CONNECTION);
            layer.sendReset(seg.destination(), seg.source(), seg.sourcePort, port, seg.ack, 0, false);
            return;
        }
        if (!seg.has(TcpHeader.SYN)) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (halfOpen < maxHalfOpen) {
                halfOpen++;
            } else {
                layer.sendSynCookie(seg, nowNanos); // a SYN flood fills the half-open queue, and the cookies answer the rest
                return;
            }
        } finally {
            lock.unlock();
        }
        TcpConnection c = layer.newPassive(seg, nowNanos);
        if (c == null) {
            lock.lock();
            try {
                halfOpen--;
            } finally {
                lock.unlock();
            }
            return;
        }
        c.lock.lock();
        try {
            c.acceptSyn(seg, this, nowNanos);
        } finally {
            c.lock.unlock();
        }
    }

    /** A handshake kept in a SYN cookie counts as half-open until it completes (with {@link #established}). */
    void cookieReturned() {
        lock.lock();
        try {
            halfOpen++;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a completed handshake may join the accept queue now. */
    boolean hasRoom() {
        lock.lock();
        try {
            return !closed && accepted.size() < backlog;
        } finally {
            lock.unlock();
        }
    }

    /** A handshake completed: the connection waits for accept. */
    void established(TcpConnection c) {
        lock.lock();
        try {
            halfOpen--;
            accepted.add(c);
            signal();
        } finally {
            lock.unlock();
        }
    }

    /** A connection of this listener ended before the application took it. */
    void gone(TcpConnection c, boolean wasHalfOpen) {
        lock.lock();
        try {
            if (wasHalfOpen) {
                halfOpen--;
            } else {
                accepted.remove(c);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next completed connection, or null when none waits (call with {@link #lock} held).
     *
     * @throws SocketException when the listener was closed
     */
    public TcpConnection poll() throws SocketException {
        if (closed) {
            throw new SocketException("the listening socket is closed");
        }
        TcpConnection c = accepted.poll();
        if (c != null) {
            c.accepted();
        }
        return c;
    }

    /** Closes the port (the stack's thread): connections not yet accepted are reset. */
    void close() {
        ArrayDeque<TcpConnection> orphans;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            orphans = new ArrayDeque<>(accepted);
            accepted.clear();
            signal();
        } finally {
            lock.unlock();
        }
        for (TcpConnection c : orphans) {
            c.lock.lock();
            try {
                c.abort();
            } finally {
                c.lock.unlock();
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }
}
