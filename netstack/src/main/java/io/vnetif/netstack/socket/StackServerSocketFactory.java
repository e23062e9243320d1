package io.vnetif.netstack.socket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import javax.net.ServerSocketFactory;

/** A {@link ServerSocketFactory} whose server sockets listen on the stack. */
public final class StackServerSocketFactory extends ServerSocketFactory {
    private final SocketContext context;

    public StackServerSocketFactory(SocketContext context) {
        this.context = context;
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return StackServerSocket.create(context);
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return createServerSocket(port, 50, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return createServerSocket(port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
        ServerSocket s = StackServerSocket.create(context);
        try {
            s.bind(new InetSocketAddress(ifAddress, port), backlog);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }
}
