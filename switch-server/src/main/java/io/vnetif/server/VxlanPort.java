package io.vnetif.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.vnetif.api.DropReason;
import io.vnetif.wire.FrameBytes;
import java.net.InetSocketAddress;

/**
 * A VXLAN peer (RFC 7348), typically a Linux {@code vxlan} device: frames go to the peer's address and
 * configured port with the port's VNI; they come from that address with any source port (the kernel
 * picks source ports by flow hash). Lives until detached: a kernel renews no lease.
 */
final class VxlanPort extends SwitchPort {
    private final Channel channel;
    private final InetSocketAddress peer;
    private final int vni;

    VxlanPort(long secret, DataOutputs outputs, Channel channel, InetSocketAddress peer, int vni) {
        super(secret, outputs);
        this.channel = channel;
        this.peer = peer;
        this.vni = vni;
    }

    @Override
    Kind kind() {
        return Kind.VXLAN;
    }

    @Override
    String endpointText() {
        return HostPort.format(peer) + " vni " + vni;
    }

    InetSocketAddress peer() {
        return peer;
    }

    int vni() {
        return vni;
    }

    @Override
    public DropReason deliver(ByteBuf frame) {
        return send(channel, peer, VxlanHeader.LENGTH + frame.readableBytes(), frame);
    }

    @Override
    public void writeDatagram(ByteBuf out, ByteBuf frame) {
        VxlanHeader.write(out, vni);
        FrameBytes.append(out, frame);
    }
}
