package io.vnetif.server.port;

import io.vnetif.server.io.DataSocket;

/**
 * The socket of a raw-UDP port about to be attached, with the handler that will decode its datagrams:
 * bound first (off the loop: binding waits for it), then handed to the {@link RawUdpPort} it serves.
 * Until the port is indexed, whatever arrives is counted as for an unknown port.
 */
public final class RawUdpSocket {
    private final DataSocket socket;
    private final RawUdpHandler handler;

    RawUdpSocket(DataSocket socket, RawUdpHandler handler) {
        this.socket = socket;
        this.handler = handler;
    }

    DataSocket socket() {
        return socket;
    }

    /** Where it is bound. */
    public java.net.InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    RawUdpHandler handler() {
        return handler;
    }

    /** Closes the socket of a port that was never attached. */
    public void close() {
        socket.channel().close();
    }
}
