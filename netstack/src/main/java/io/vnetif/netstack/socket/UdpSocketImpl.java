package io.vnetif.netstack.socket;

import io.vnetif.netstack.udp.UdpEndpoint;
import io.vnetif.netstack.udp.UdpLayer;
import io.vnetif.netstack.wire.IpAddress;
import io.vnetif.netstack.wire.Ipv4Address;
import io.vnetif.netstack.wire.Ipv4Header;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocketImpl;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOptions;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * The {@link DatagramSocketImpl} of the stack's UDP sockets, behind {@link StackDatagramSocket}: an
 * endpoint of the stack, whose inbox {@link #receive} reads (blocking, with SO_TIMEOUT) and whose outbox
 * {@link #send} fills for the loop to send, to and from addresses of either family (bound to the wildcard,
 * it takes both). Multicast groups are not joined: the stack speaks unicast and IPv4's broadcast.
 */
final class UdpSocketImpl extends DatagramSocketImpl {
    private final SocketContext context;
    private UdpEndpoint endpoint;
    private int soTimeoutMillis;
    private boolean broadcast;

    UdpSocketImpl(SocketContext context) {
        this.context = context;
    }

    @Override
    protected void create() {
        // the endpoint exists from bind on
    }

    @Override
    protected void bind(int lport, InetAddress laddr) throws SocketException {
        try {
            // As TCP's: a bound address must be the stack's; the port takes datagrams to any of them.
            if (laddr != null && !laddr.isAnyLocalAddress() && !context.isLocal(laddr)) {
                throw new java.net.BindException("cannot bind to " + laddr.getHostAddress() + ": the stack's addresses are "
                        + context.localAddresses());
            }
            endpoint = context.loop().call(() -> context.stack().udp().bind(lport), SocketContext::ioException);
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            SocketException s = new SocketException(e.getMessage());
            s.initCause(e);
            throw s;
        }
        endpoint.lock.lock();
        try {
            endpoint.setBroadcast(broadcast);
        } finally {
            endpoint.lock.unlock();
        }
        localPort = endpoint.port();
    }

    private UdpEndpoint requireBound() throws SocketException {
        if (endpoint == null) {
            throw new SocketException("the socket is not bound");
        }
        return endpoint;
    }

    @Override
    protected void connect(InetAddress address, int port) throws SocketException {
        UdpEndpoint e = requireBound();
        e.lock.lock();
        try {
            e.connect(context.reachable(address), port);
        } finally {
            e.lock.unlock();
        }
    }

    @Override
    protected void disconnect() {
        if (endpoint != null) {
            endpoint.lock.lock();
            try {
                endpoint.connect(null, 0);
            } finally {
                endpoint.lock.unlock();
            }
        }
    }

    @Override
    protected void send(DatagramPacket p) throws IOException {
        UdpEndpoint e = requireBound();
        if (p.getLength() > UdpEndpoint.MAX_PAYLOAD) {
            throw new SocketException("a datagram of " + p.getLength() + " bytes is longer than the stack's UDP carries ("
                    + UdpEndpoint.MAX_PAYLOAD + ")");
        }
        IpAddress to = p.getAddress() == null ? null : context.reachable(p.getAddress());
        int port = p.getPort();
        e.lock.lock();
        boolean wake;
        try {
            if (to == null) {
                if (!e.isConnected()) {
                    throw new SocketException("the packet has no address and the socket is not connected");
                }
                to = e.connectedAddress();
                port = e.connectedPort();
            }
            UdpLayer.checkDestination(e, to.isV4() && (to.v4() == Ipv4Header.BROADCAST || isSubnetBroadcast(to.v4())));
            while (!e.queue(to, port, p.getData(), p.getOffset(), p.getLength())) {
                context.loop().kick(e, UdpLayer.needsDrain(e));
                awaitOrFail(e, 0);
            }
            wake = UdpLayer.needsDrain(e);
        } finally {
            e.lock.unlock();
        }
        context.loop().kick(e, wake);
    }

    private boolean isSubnetBroadcast(int ip) {
        int prefix = context.stack().ip().prefixLength();
        int mask = Ipv4Address.mask(prefix);
        return prefix < 32 && ip == (context.stack().ip().address() | ~mask);
    }

    @Override
    protected int peek(InetAddress i) throws IOException {
        throw new SocketException("peek is not supported; use peekData");
    }

    @Override
    protected int peekData(DatagramPacket p) throws IOException {
        UdpEndpoint e = requireBound();
        e.lock.lock();
        try {
            waitForDatagram(e);
            p.setAddress(e.peekAddress().toInet());
            p.setPort(e.peekPort());
            return e.peekPort();
        } finally {
            e.lock.unlock();
        }
    }

    @Override
    protected void receive(DatagramPacket p) throws IOException {
        UdpEndpoint e = requireBound();
        e.lock.lock();
        try {
            waitForDatagram(e);
            InetAddress from = e.peekAddress().toInet();
            int port = e.peekPort();
            int n = e.take(p.getData(), p.getOffset(), p.getLength());
            p.setAddress(from);
            p.setPort(port);
            p.setLength(n);
        } finally {
            e.lock.unlock();
        }
    }

    private void waitForDatagram(UdpEndpoint e) throws IOException {
        long deadline = soTimeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(soTimeoutMillis) : 0;
        while (!e.hasDatagram()) {
            if (!awaitOrFail(e, deadline)) {
                throw new SocketTimeoutException("receive timed out after " + soTimeoutMillis + " ms");
            }
        }
    }

    /** Waits for the endpoint to change; false when the deadline passed. */
    private static boolean awaitOrFail(UdpEndpoint e, long deadline) throws IOException {
        if (e.isClosed()) {
            throw new SocketException("socket closed");
        }
        try {
            if (deadline == 0) {
                e.changed.await();
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            e.changed.awaitNanos(left);
            return true;
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on a socket");
        }
    }

    @Override
    @SuppressWarnings("deprecation")
    protected void setTTL(byte ttl) {
    }

    @Override
    @SuppressWarnings("deprecation")
    protected byte getTTL() {
        return 64;
    }

    @Override
    protected void setTimeToLive(int ttl) {
    }

    @Override
    protected int getTimeToLive() {
        return 64;
    }

    @Override
    protected void join(InetAddress inetaddr) throws IOException {
        throw new SocketException("multicast is not supported by the stack");
    }

    @Override
    protected void leave(InetAddress inetaddr) throws IOException {
        throw new SocketException("multicast is not supported by the stack");
    }

    @Override
    protected void joinGroup(SocketAddress mcastaddr, NetworkInterface netIf) throws IOException {
        throw new SocketException("multicast is not supported by the stack");
    }

    @Override
    protected void leaveGroup(SocketAddress mcastaddr, NetworkInterface netIf) throws IOException {
        throw new SocketException("multicast is not supported by the stack");
    }

    @Override
    protected void close() {
        UdpEndpoint e = endpoint;
        if (e != null) {
            context.loop().execute(() -> context.stack().udp().close(e));
        }
    }

    @Override
    public void setOption(int optID, Object value) throws SocketException {
        switch (optID) {
            case SocketOptions.SO_TIMEOUT -> soTimeoutMillis = (Integer) value;
            case SocketOptions.SO_BROADCAST -> {
                broadcast = (Boolean) value;
                if (endpoint != null) {
                    endpoint.lock.lock();
                    try {
                        endpoint.setBroadcast(broadcast);
                    } finally {
                        endpoint.lock.unlock();
                    }
                }
            }
            case SocketOptions.SO_REUSEADDR, SocketOptions.SO_SNDBUF, SocketOptions.SO_RCVBUF, SocketOptions.IP_TOS -> {
                // accepted for compatibility: buffers are the stack's settings
            }
            default -> throw new SocketException("option " + optID + " is not supported by the stack's datagram sockets");
        }
    }

    @Override
    public Object getOption(int optID) throws SocketException {
        return switch (optID) {
            case SocketOptions.SO_TIMEOUT -> soTimeoutMillis;
            case SocketOptions.SO_BROADCAST -> broadcast;
            case SocketOptions.SO_REUSEADDR -> Boolean.FALSE;
            case SocketOptions.SO_SNDBUF -> context.stack().udp().sendBuffer();
            case SocketOptions.SO_RCVBUF -> context.stack().udp().receiveBuffer();
            case SocketOptions.IP_TOS -> 0;
            case SocketOptions.SO_BINDADDR -> Ipv4Address.toInet(context.stack().ip().address());
            default -> throw new SocketException("option " + optID + " is not supported by the stack's datagram sockets");
        };
    }
}
