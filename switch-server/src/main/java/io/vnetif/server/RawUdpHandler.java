package io.vnetif.server;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import java.net.InetSocketAddress;

/** The socket of one raw-UDP port: each datagram from the port's remote endpoint is one frame. */
final class RawUdpHandler extends DataHandler {
    /** Set on the loop once the port exists; datagrams before that have no port to go to. */
    private RawUdpPort port;

    RawUdpHandler(PortRegistry ports, DataOutputs outputs) {
        super(ports, outputs);
    }

    void serve(RawUdpPort rawPort) {
        this.port = rawPort;
    }

    @Override
    public void receive(ByteBuf datagram, InetSocketAddress sender) {
        if (port == null || !port.port().isAttached()) {
            rejectUnattributed(DropReason.UNKNOWN_PORT, sender);
        } else if (!port.remote().equals(sender)) {
            reject(port, DropReason.WRONG_SOURCE_ENDPOINT, sender);
        } else {
            engine.ingress(port.port(), datagram);
        }
    }
}
