package io.vnetif.netstack.udp;

import java.net.SocketException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bound UDP port: the datagrams that arrived for it (an inbox of at most the receive buffer's bytes; more
 * is dropped and counted) and those its socket wrote and the stack has not sent yet (an outbox). Optionally
 * connected to one remote address and port, which then is the only source accepted. A socket's threads
 * use it under {@link #lock}; the stack fills and drains it under the same lock.
 */
public final class UdpEndpoint {
    /** The largest UDP payload over IPv4 (65535 less the IP and UDP headers). */
    public static final int MAX_PAYLOAD = 65_507;

    public final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a datagram arrives, room frees in the outbox, or the endpoint closes. */
    public final Condition changed = lock.newCondition();

    private final int port;
    private final RecordRing inbox;
    private final RecordRing outbox;
    private int connectedIp;
    private int connectedPort;
    private boolean broadcast;
    private boolean closed;
    private boolean queuedForSend;

    UdpEndpoint(int port, int receiveBuffer, int sendBuffer) {
        this.port = port;
        this.inbox = new RecordRing(receiveBuffer);
        this.outbox = new RecordRing(Math.max(sendBuffer, MAX_PAYLOAD + 16));
    }

    public int port() {
        return port;
    }

    /** Accepts datagrams only from {@code ip:port}, and sends there by default; 0, 0 undoes it. */
    public void connect(int ip, int remotePort) {
        connectedIp = ip;
        connectedPort = remotePort;
    }

    public int connectedIp() {
        return connectedIp;
    }

    public int connectedPort() {
        return connectedPort;
    }

    public boolean isConnected() {
        return connectedPort != 0;
    }

    public void setBroadcast(boolean on) {
        broadcast = on;
    }

    public boolean broadcast() {
        return broadcast;
    }

    public boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
        changed.signalAll();
    }

    /** Whether a datagram from {@code ip:sourcePort} is for this endpoint (its connection filter). */
    boolean accepts(int ip, int sourcePort) {
        return connectedPort == 0 || (ip == connectedIp && sourcePort == connectedPort);
    }

    /** The stack: a datagram arrived; false when the inbox is full. */
    boolean deliver(int ip, int sourcePort, byte[] b, int off, int length) {
        if (!inbox.fits(length)) {
            return false;
        }
        inbox.add(ip, sourcePort, b, off, length);
        changed.signalAll();
        return true;
    }

    /**
     * The socket: queues a datagram for the stack to send.
     *
     * @return false when the outbox has no room now (wait on {@link #changed})
     * @throws SocketException when closed
     */
    public boolean queue(int ip, int remotePort, byte[] b, int off, int length) throws SocketException {
        if (closed) {
            throw new SocketException("the socket is closed");
        }
        if (!outbox.fits(length)) {
            return false;
        }
        outbox.add(ip, remotePort, b, off, length);
        return true;
    }

    /** Whether a datagram waits to be received. */
    public boolean hasDatagram() {
        return !inbox.isEmpty();
    }

    public int peekIp() {
        return inbox.peekIp();
    }

    public int peekPort() {
        return inbox.peekPort();
    }

    public int peekLength() {
        return inbox.peekLength();
    }

    /** Takes the next datagram, copying at most {@code max} bytes (the rest of a longer one is lost, as with java.net). */
    public int take(byte[] b, int off, int max) {
        return inbox.take(b, off, max);
    }

    RecordRing outbox() {
        return outbox;
    }

    /** Marks the endpoint as waiting for the stack to drain its outbox; true when it was not already. */
    boolean markQueued() {
        boolean was = queuedForSend;
        queuedForSend = true;
        return !was;
    }

    void unmarkQueued() {
        queuedForSend = false;
    }
}
