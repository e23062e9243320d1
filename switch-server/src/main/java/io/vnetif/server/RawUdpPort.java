package io.vnetif.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.vnetif.api.DropReason;
import io.vnetif.wire.FrameBytes;
import java.net.InetSocketAddress;

/**
 * A port that carries one raw Ethernet frame per datagram, no header: the framing of QEMU's
 * {@code -netdev dgram} and VDE's {@code udp://} plug. It has a UDP socket of its own and accepts
 * frames only from its configured remote endpoint. Lives until detached.
 */
final class RawUdpPort extends SwitchPort {
    private final Channel channel;
    private final InetSocketAddress remote;

    RawUdpPort(long secret, DataOutputs outputs, Channel channel, InetSocketAddress remote) {
        super(secret, outputs);
        this.channel = channel;
        this.remote = remote;
    }

    @Override
    Kind kind() {
        return Kind.RAW_UDP;
    }

    @Override
    String endpointText() {
        return HostPort.format(remote) + " via " + HostPort.format(local());
    }

    InetSocketAddress remote() {
        return remote;
    }

    /** The switch's socket for this port: where the remote sends. */
    InetSocketAddress local() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public DropReason deliver(ByteBuf frame) {
        return send(channel, remote, frame.readableBytes(), frame);
    }

    @Override
    public void writeDatagram(ByteBuf out, ByteBuf frame) {
        FrameBytes.append(out, frame);
    }

    @Override
    void release() {
        outputs.flush(channel); // what is collected for the socket goes before it closes
        channel.close();
    }
}
