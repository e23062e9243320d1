package io.vnetif.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.vnetif.core.DropReason;

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
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        if (port == null || !port.port().isAttached()) {
            rejectUnattributed(DropReason.UNKNOWN_PORT, packet.sender());
        } else if (!port.remote().equals(packet.sender())) {
            reject(port, DropReason.WRONG_SOURCE_ENDPOINT, packet.sender());
        } else {
            engine.ingress(port.port(), packet.content());
        }
    }
}
