package io.vnetif.netstack.udp;

import io.vnetif.netstack.wire.IpAddress;
import io.vnetif.netstack.wire.Ipv6Address;
import java.net.SocketException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bound UDP port: the datagrams that arrived for it (an inbox of at most the receive buffer's bytes; more
 * is dropped and counted) and those its socket wrote and the stack has not sent yet (an outbox), from and to
 * addresses of either family. Optionally connected to one remote address and port, which then is the only
 * source accepted. A socket's threads use it under {@link #lock}; the stack fills and drains it under the
 * same lock.
 */
public final class UdpEndpoint {
    /** The largest UDP payload over IPv4 (65535 less the IP and UDP headers); IPv6's path MTU bounds it lower. */
    public static final int MAX_PAYLOAD = 65_507;

    public final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a datagram arrives, room frees in the outbox, or the endpoint closes. */
    public final Condition changed = lock.newCondition();

    private final int port;
    private final RecordRing inbox;
    private final RecordRing outbox;
    /** The connected peer's address (null: not connected) and port. */
    private IpAddress connected;
    private int connectedPort;
    /** An IPv6 address on its way into or out of a ring. */
    private final byte[] address6 = new byte[Ipv6Address.LENGTH];
    private boolean broadcast;
    private boolean closed;
    private boolean queuedForSend;

    UdpEndpoint(int port, int receiveBuffer, int sendBuffer) {
        this.port = port;
        this.inbox = new RecordRing(receiveBuffer);
        this.outbox = new RecordRing(Math.max(sendBuffer, MAX_PAYLOAD + RecordRing.MAX_HEADER));
    }

    public int port() {
        return port;
    }

    /** Accepts datagrams only from {@code address:port}, and sends there by default; null, 0 undoes it. */
    public void connect(IpAddress address, int remotePort) {
        connected = address;
        connectedPort = remotePort;
    }

    /** The connected peer's address, null when not connected. */
    public IpAddress connectedAddress() {
        return connected;
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

    /**
     * Whether a datagram from {@code sourcePort} of the IPv4 address {@code v4} ({@code v6} null) or of the IPv6
     * address at {@code v6At} of {@code v6} is for this endpoint (its connection filter).
     */
    boolean accepts(int v4, byte[] v6, int v6At, int sourcePort) {
        if (connectedPort == 0) {
            return true;
        }
        return sourcePort == connectedPort && (v6 == null ? connected.isV4() && connected.v4() == v4 : !connected.isV4() && connected.v6().isAt(v6, v6At));
    }

    /** The stack: a datagram arrived from a source given as to {@link #accepts}; false when the inbox is full. */
    boolean deliver(int v4, byte[] v6, int v6At, int sourcePort, byte[] b, int off, int length) {
        if (!inbox.fits(v6 != null, length)) {
            return false;
        }
        inbox.add(v4, v6, v6At, sourcePort, b, off, length);
        changed.signalAll();
        return true;
    }

    /**
     * The socket: queues a datagram for the stack to send.
     *
     * @return false when the outbox has no room now (wait on {@link #changed})
     * @throws SocketException when closed
     */
    public boolean queue(IpAddress to, int remotePort, byte[] b, int off, int length) throws SocketException {
        if (closed) {
            throw new SocketException("the socket is closed");
        }
        if (!outbox.fits(!to.isV4(), length)) {
            return false;
        }
        if (to.isV4()) {
            outbox.add(to.v4(), null, 0, remotePort, b, off, length);
        } else {
            to.v6().write(address6, 0);
            outbox.add(0, address6, 0, remotePort, b, off, length);
        }
        return true;
    }

    /** Whether a datagram waits to be received. */
    public boolean hasDatagram() {
        return !inbox.isEmpty();
    }

    /** How many datagrams wait to be received. */
    public int datagrams() {
        return inbox.records();
    }

    /** The address the next datagram came from. */
    public IpAddress peekAddress() {
        if (!inbox.peekIsV6()) {
            return IpAddress.v4(inbox.peekIp());
        }
        inbox.peekIp6(address6, 0);
        return IpAddress.v6(Ipv6Address.read(address6, 0));
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
