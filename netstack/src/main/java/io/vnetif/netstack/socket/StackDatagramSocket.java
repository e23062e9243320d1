package io.vnetif.netstack.socket;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;

/** A {@link DatagramSocket} of the stack: java.net's API over the stack's UDP, through the protected constructor. */
public final class StackDatagramSocket extends DatagramSocket {
    private StackDatagramSocket(UdpSocketImpl impl) {
        super(impl);
    }

    /**
     * A socket bound to {@code port} of the stack of {@code context} (0: an ephemeral port).
     *
     * @throws SocketException when the port is bound already
     */
    public static StackDatagramSocket bound(SocketContext context, int port) throws SocketException {
        StackDatagramSocket s = new StackDatagramSocket(new UdpSocketImpl(context));
        s.bind(new InetSocketAddress(port));
        return s;
    }
}
