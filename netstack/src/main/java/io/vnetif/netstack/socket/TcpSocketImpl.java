package io.vnetif.netstack.socket;

import io.vnetif.netstack.stats.TcpState;
import io.vnetif.netstack.tcp.TcpConnection;
import io.vnetif.netstack.tcp.TcpListener;
import io.vnetif.netstack.wire.IpAddress;
import io.vnetif.netstack.wire.Ipv4Address;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.SocketOptions;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * The {@link SocketImpl} of the stack's TCP sockets, behind {@link StackSocket} and {@link StackServerSocket}:
 * a connection (or a listener) of the stack, read and written through its buffers under its lock, waiting
 * on its condition; whatever only the stack may do goes to the stack's loop. Blocking as java.net's are,
 * with SO_TIMEOUT for reads and accepts and a timeout for connects.
 */
final class TcpSocketImpl extends SocketImpl {
    private final SocketContext context;
    private TcpConnection connection;
    private TcpListener listener;
    private int soTimeoutMillis;
    private int lingerSeconds = -1;
    private boolean noDelay;
    private boolean keepAlive;
    private boolean closed;
    private InputStream in;
    private OutputStream out;

    TcpSocketImpl(SocketContext context) {
        this.context = context;
    }

    @Override
    protected void create(boolean stream) throws IOException {
        if (!stream) {
            throw new SocketException("datagram sockets of the stack are DatagramSockets (NetStack.datagramSocket)");
        }
    }

    @Override
    protected void connect(String host, int port) throws IOException {
        connect(new InetSocketAddress(context.resolve(host), port), 0);
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
        connect(new InetSocketAddress(address, port), 0);
    }

    @Override
    protected void connect(SocketAddress endpoint, int timeoutMillis) throws IOException {
        if (!(endpoint instanceof InetSocketAddress target)) {
            throw new IllegalArgumentException("not an InetSocketAddress: " + endpoint);
        }
        InetAddress remote = target.isUnresolved() ? context.resolve(target.getHostString()) : target.getAddress();
        IpAddress remoteIp = IpAddress.of(remote);
        int port = target.getPort();
        int local = localport;
        TcpConnection c = context.loop().call(() -> context.stack().tcp().connect(remoteIp, port, local, noDelay, keepAlive,
                context.stack().now()), SocketContext::ioException);
        this.connection = c;
        this.address = remote;
        this.port = port;
        this.localport = c.localPort();
        long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0;
        c.lock.lock();
        try {
            while (!c.connectDone()) {
                if (!await(c.changed, deadline)) {
                    context.loop().execute(() -> context.stack().tcp().serve(c, true, context.stack().now()));
                    throw new SocketTimeoutException("connect to " + endpointText(remote, port) + " timed out after " + timeoutMillis + " ms");
                }
            }
            if (c.error() != null) {
                IOException e = c.error();
                throw e instanceof java.net.ConnectException ce ? new java.net.ConnectException(ce.getMessage()) : wrap(e);
            }
        } finally {
            c.lock.unlock();
        }
    }

    private static String endpointText(InetAddress a, int port) {
        return a.getHostAddress() + ":" + port;
    }

    /** Waits on {@code condition} until {@code deadline} (0: forever); false when the deadline passed. */
    private static boolean await(Condition condition, long deadline) throws InterruptedIOException {
        try {
            if (deadline == 0) {
                condition.await();
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            condition.awaitNanos(left); // the caller checks again; a later call finds the deadline passed
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on a socket");
        }
    }

    private static IOException wrap(IOException e) {
        SocketException copy = new SocketException(e.getMessage());
        copy.initCause(e);
        return copy;
    }

    @Override
    protected void bind(InetAddress host, int port) throws IOException {
        if (host != null && !host.isAnyLocalAddress() && !context.isLocal(host)) {
            throw new java.net.BindException("cannot bind to " + host.getHostAddress() + ": the stack's addresses are "
                    + context.localAddresses());
        }
        this.localport = port;
        this.address = host;
    }

    @Override
    protected void listen(int backlog) throws IOException {
        int port = localport;
        TcpListener l = context.loop().call(() -> context.stack().tcp().listen(port, backlog <= 0 ? 50 : backlog), SocketContext::ioException);
        this.listener = l;
        this.localport = l.port();
    }

    @Override
    protected void accept(SocketImpl s) throws IOException {
        TcpListener l = listener;
        if (l == null) {
            throw new SocketException("not listening");
        }
        long deadline = soTimeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(soTimeoutMillis) : 0;
        TcpConnection c;
        l.lock.lock();
        try {
            while ((c = l.poll()) == null) {
                if (!await(l.changed, deadline)) {
                    throw new SocketTimeoutException("accept timed out after " + soTimeoutMillis + " ms");
                }
            }
        } finally {
            l.lock.unlock();
        }
        ((TcpSocketImpl) s).accepted(c);
    }

    private void accepted(TcpConnection c) {
        this.connection = c;
        this.address = c.remote().toInet();
        this.port = c.remotePort();
        this.localport = c.localPort();
        c.lock.lock();
        try {
            c.setNoDelay(noDelay);
            c.setKeepAlive(keepAlive);
        } finally {
            c.lock.unlock();
        }
    }

    @Override
    protected InputStream getInputStream() throws IOException {
        if (connection == null) {
            throw new SocketException("not connected");
        }
        if (in == null) {
            in = new In();
        }
        return in;
    }

    @Override
    protected OutputStream getOutputStream() throws IOException {
        if (connection == null) {
            throw new SocketException("not connected");
        }
        if (out == null) {
            out = new Out();
        }
        return out;
    }

    @Override
    protected int available() throws IOException {
        TcpConnection c = connection;
        if (c == null) {
            return 0;
        }
        c.lock.lock();
        try {
            return c.available();
        } finally {
            c.lock.unlock();
        }
    }

    @Override
    protected void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (listener != null) {
            TcpListener l = listener;
            context.loop().execute(() -> context.stack().tcp().closeListener(l));
            return;
        }
        TcpConnection c = connection;
        if (c == null) {
            return;
        }
        if (context.close(c, lingerSeconds == 0)) {
            return; // reset: nothing to linger for
        }
        if (lingerSeconds > 0) {
            // SO_LINGER: wait until the data went and the FIN was acknowledged, or the time is up.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(lingerSeconds);
            c.lock.lock();
            try {
                while (c.state() != TcpState.CLOSED && c.state() != TcpState.TIME_WAIT && c.state() != TcpState.FIN_WAIT_2
                        && await(c.changed, deadline)) {
                    // waiting for the peer
                }
            } finally {
                c.lock.unlock();
            }
        }
    }

    @Override
    protected void shutdownInput() throws IOException {
        context.shutdownInput(requireConnection());
    }

    @Override
    protected void shutdownOutput() throws IOException {
        context.shutdownOutput(requireConnection());
    }

    private TcpConnection requireConnection() throws SocketException {
        if (connection == null) {
            throw new SocketException("not connected");
        }
        return connection;
    }

    @Override
    protected void sendUrgentData(int data) throws IOException {
        throw new SocketException("urgent data is not supported (RFC 6093 discourages it)");
    }

    @Override
    protected boolean supportsUrgentData() {
        return false;
    }

    /** The connection, for listings (null before connect and accept). */
    TcpConnection connection() {
        return connection;
    }

    // ------------------------------------------------------------------ options

    @Override
    public void setOption(int optID, Object value) throws SocketException {
        switch (optID) {
            case SocketOptions.SO_TIMEOUT -> soTimeoutMillis = (Integer) value;
            case SocketOptions.TCP_NODELAY -> {
                noDelay = (Boolean) value;
                applyToConnection();
            }
            case SocketOptions.SO_KEEPALIVE -> {
                keepAlive = (Boolean) value;
                applyToConnection();
            }
            case SocketOptions.SO_LINGER -> lingerSeconds = value instanceof Integer i ? i : -1;
            case SocketOptions.SO_REUSEADDR, SocketOptions.SO_REUSEPORT, SocketOptions.IP_TOS, SocketOptions.SO_SNDBUF,
                 SocketOptions.SO_RCVBUF, SocketOptions.SO_OOBINLINE -> {
                // accepted for compatibility: buffers are the stack's settings; TOS and reuse change nothing here
            }
            default -> throw new SocketException("option " + optID + " is not supported by the stack's sockets");
        }
    }

    private void applyToConnection() {
        TcpConnection c = connection;
        if (c != null) {
            c.lock.lock();
            try {
                c.setNoDelay(noDelay);
                c.setKeepAlive(keepAlive);
            } finally {
                c.lock.unlock();
            }
            context.loop().kick(c);
        }
    }

    @Override
    public Object getOption(int optID) throws SocketException {
        return switch (optID) {
            case SocketOptions.SO_TIMEOUT -> soTimeoutMillis;
            case SocketOptions.TCP_NODELAY -> noDelay;
            case SocketOptions.SO_KEEPALIVE -> keepAlive;
            case SocketOptions.SO_LINGER -> lingerSeconds < 0 ? Boolean.FALSE : (Object) lingerSeconds;
            case SocketOptions.SO_SNDBUF -> context.tcpConfig().sendBuffer();
            case SocketOptions.SO_RCVBUF -> context.tcpConfig().receiveBuffer();
            case SocketOptions.SO_REUSEADDR, SocketOptions.SO_OOBINLINE, SocketOptions.SO_REUSEPORT -> Boolean.FALSE;
            case SocketOptions.IP_TOS -> 0;
            // A connection's own address (an IPv6 one for a connection over IPv6), else the stack's IPv4 address.
            case SocketOptions.SO_BINDADDR -> connection != null ? connection.local().toInet() : Ipv4Address.toInet(context.stack().ip().address());
            default -> throw new SocketException("option " + optID + " is not supported by the stack's sockets");
        };
    }

    @Override
    protected Set<SocketOption<?>> supportedOptions() {
        return Set.of(StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_LINGER,
                StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_REUSEADDR);
    }

    // ------------------------------------------------------------------ streams

    /** Reads through the receive buffer; blocks until data, the end, an error or SO_TIMEOUT. */
    private final class In extends InputStream {
        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            TcpConnection c = connection;
            long deadline = soTimeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(soTimeoutMillis) : 0;
            int n;
            c.lock.lock();
            try {
                while ((n = c.read(b, off, len)) == 0) {
                    if (closed) {
                        throw new SocketException("socket closed");
                    }
                    if (!await(c.changed, deadline)) {
                        throw new SocketTimeoutException("read timed out after " + soTimeoutMillis + " ms");
                    }
                }
            } finally {
                c.lock.unlock();
            }
            if (n > 0) {
                context.loop().kick(c); // room in the window: the stack decides whether the peer must hear of it
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return TcpSocketImpl.this.available();
        }

        @Override
        public void close() throws IOException {
            TcpSocketImpl.this.close();
        }
    }

    /** Writes into the send buffer; blocks while it is full. */
    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            TcpConnection c = connection;
            int done = 0;
            while (done < len) {
                c.lock.lock();
                try {
                    int n;
                    while ((n = c.write(b, off + done, len - done)) == 0) {
                        if (closed) {
                            throw new SocketException("socket closed");
                        }
                        context.loop().kick(c); // what is queued must go before room frees
                        await(c.changed, 0);
                    }
                    done += n;
                } finally {
                    c.lock.unlock();
                }
            }
            context.loop().kick(c);
        }

        @Override
        public void close() throws IOException {
            TcpSocketImpl.this.close();
        }
    }
}
