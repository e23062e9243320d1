package io.vnetif.netstack.socket;

import java.net.Socket;
import java.net.SocketException;

/** A {@link Socket} of the stack: java.net's API over the stack's TCP, through the protected constructor (no global factory). */
public final class StackSocket extends Socket {
    StackSocket(TcpSocketImpl impl) throws SocketException {
        super(impl);
    }

    /** An unconnected socket of the stack of {@code context}. */
    public static StackSocket create(SocketContext context) {
        try {
            return new StackSocket(new TcpSocketImpl(context));
        } catch (SocketException e) {
            throw new IllegalStateException("java.net refused a socket implementation", e); // Socket(SocketImpl) throws only for null
        }
    }
}
