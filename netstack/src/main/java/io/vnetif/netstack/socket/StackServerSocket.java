package io.vnetif.netstack.socket;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * A {@link ServerSocket} of the stack. {@link #accept()} hands out {@link StackSocket}s: java.net's
 * {@code implAccept} fills a socket of our own implementation, as it must (it refuses to mix a platform
 * implementation with another one).
 */
public final class StackServerSocket extends ServerSocket {
    private final SocketContext context;

    StackServerSocket(SocketContext context) throws IOException {
        super(new TcpSocketImpl(context));
        this.context = context;
    }

    /** An unbound server socket of the stack of {@code context}. */
    public static StackServerSocket create(SocketContext context) throws IOException {
        return new StackServerSocket(context);
    }

    @Override
    public Socket accept() throws IOException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        if (!isBound()) {
            throw new SocketException("Socket is not bound yet");
        }
        StackSocket s = new StackSocket(new TcpSocketImpl(context));
        implAccept(s);
        return s;
    }
}
