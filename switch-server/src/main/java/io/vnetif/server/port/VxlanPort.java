package io.vnetif.server.port;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import io.vnetif.server.io.DataOutputs;
import io.vnetif.server.io.DataSocket;
import io.vnetif.text.HostPort;
import io.vnetif.wire.FrameBytes;
import java.net.InetSocketAddress;

/**
 * A VXLAN peer (RFC 7348), typically a Linux {@code vxlan} device: frames go to the peer's address and
 * configured port with the port's VNI; they come from that address with any source port (the kernel
 * picks source ports by flow hash). Lives until detached: a kernel renews no lease.
 */
public final class VxlanPort extends SwitchPort {
    private final DataSocket socket;
    private final InetSocketAddress peer;
    private final int vni;

    /** @param socket the switch's VXLAN socket, which every VXLAN port shares */
    public VxlanPort(long secret, DataOutputs outputs, DataSocket socket, InetSocketAddress peer, int vni) {
        super(secret, outputs);
        this.socket = socket;
        this.peer = peer;
        this.vni = vni;
    }

    @Override
    public Kind kind() {
        return Kind.VXLAN;
    }

    @Override
    public String endpointText() {
        return HostPort.format(peer) + " vni " + vni;
    }

    @Override
    String conflictIn(PortIndex index) {
        return index.vxlanPort(peer.getAddress(), vni) == null ? null
                : "a VXLAN port for peer " + peer.getAddress().getHostAddress() + " and VNI " + vni + " exists already";
    }

    @Override
    void index(PortIndex index) {
        index.add(this);
    }

    @Override
    void unindex(PortIndex index) {
        index.remove(this);
    }

    InetSocketAddress peer() {
        return peer;
    }

    @Override
    public InetSocketAddress declaredPeer() {
        return peer;
    }

    int vni() {
        return vni;
    }

    @Override
    public DropReason deliver(ByteBuf frame) {
        return send(socket, peer, VxlanHeader.LENGTH + frame.readableBytes(), frame);
    }

    @Override
    public void writeDatagram(ByteBuf out, ByteBuf frame) {
        VxlanHeader.write(out, vni);
        FrameBytes.append(out, frame);
    }
}
