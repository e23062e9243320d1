package io.vnetif.netstack.socket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/** A {@link SocketFactory} whose sockets live on the stack: hand it to a library that takes a factory (JDBC drivers, HTTP clients). */
public final class StackSocketFactory extends SocketFactory {
    private final SocketContext context;

    public StackSocketFactory(SocketContext context) {
        this.context = context;
    }

    @Override
    public Socket createSocket() {
        return StackSocket.create(context);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(context.resolve(host), port), null, 0);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(context.resolve(host), port), localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null, 0);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), localAddress, localPort);
    }

    private Socket connected(InetSocketAddress to, InetAddress localAddress, int localPort) throws IOException {
        Socket s = StackSocket.create(context);
        try {
            if (localAddress != null || localPort != 0) {
                s.bind(new InetSocketAddress(localAddress, localPort));
            }
            s.connect(to);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }
}
