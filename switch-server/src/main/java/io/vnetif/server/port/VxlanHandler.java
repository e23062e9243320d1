package io.vnetif.server.port;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import io.vnetif.server.io.DataOutputs;
import io.vnetif.server.io.DataPlaneGuard;
import java.net.InetSocketAddress;

/** The VXLAN socket: matches each datagram to a port by peer address and VNI, then switches the inner frame. */
final class VxlanHandler extends DatagramHandler {
    VxlanHandler(PortRegistry ports, DataOutputs outputs, DataPlaneGuard guard) {
        super(ports, outputs, guard);
    }

    @Override
    public void receive(ByteBuf datagram, InetSocketAddress sender) {
        if (!VxlanHeader.valid(datagram)) {
            rejectUnattributed(DropReason.MALFORMED, sender);
            return;
        }
        VxlanPort port = ports.vxlanPort(sender.getAddress(), VxlanHeader.vni(datagram));
        if (port == null) {
            rejectUnattributed(DropReason.UNKNOWN_VXLAN_PEER, sender);
            return;
        }
        datagram.skipBytes(VxlanHeader.LENGTH);
        engine.ingress(port.port(), datagram);
    }
}
