package io.vnetif.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.vnetif.core.DropReason;

/** The VXLAN socket: matches each datagram to a port by peer address and VNI, then switches the inner frame. */
final class VxlanHandler extends DataHandler {
    VxlanHandler(PortRegistry ports, DataOutputs outputs) {
        super(ports, outputs);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf datagram = packet.content();
        if (!VxlanHeader.valid(datagram)) {
            rejectUnattributed(DropReason.MALFORMED, packet.sender());
            return;
        }
        VxlanPort port = ports.vxlan(packet.sender().getAddress(), VxlanHeader.vni(datagram));
        if (port == null) {
            rejectUnattributed(DropReason.UNKNOWN_VXLAN_PEER, packet.sender());
            return;
        }
        datagram.skipBytes(VxlanHeader.LENGTH);
        engine.ingress(port.port(), datagram);
    }
}
