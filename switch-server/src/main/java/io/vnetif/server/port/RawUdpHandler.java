package io.vnetif.server.port;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import io.vnetif.server.io.DataOutputs;
import io.vnetif.server.io.DataPlaneGuard;
import java.net.InetSocketAddress;

/** The socket of one raw-UDP port: each datagram from the port's remote endpoint is one frame. */
public final class RawUdpHandler extends DatagramHandler {
    /** Set on the loop while the port is attached; datagrams before and after have no port to go to. */
    private RawUdpPort port;

    RawUdpHandler(PortRegistry ports, DataOutputs outputs, DataPlaneGuard guard) {
        super(ports, outputs, guard);
    }

    /** The port whose datagrams arrive here, or {@code null} before it is attached and after it left. */
    public void serve(RawUdpPort rawPort) {
        this.port = rawPort;
    }

    @Override
    public void receive(ByteBuf datagram, InetSocketAddress sender) {
        if (port == null || !port.port().isAttached()) {
            rejectUnattributed(DropReason.UNKNOWN_PORT, sender);
        } else if (!port.declaredPeer().equals(sender)) {
            // Raw UDP carries no credentials: anyone can send to the port's socket, so it is not the port's drop.
            rejectUnattributed(DropReason.WRONG_SOURCE_ENDPOINT, sender);
        } else {
            engine.ingress(port.port(), datagram);
        }
    }
}
