package io.vnetif.server.port;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import io.vnetif.server.io.DataOutputs;
import io.vnetif.server.io.DataSocket;
import io.vnetif.text.HostPort;
import io.vnetif.wire.FrameBytes;
import java.net.InetSocketAddress;

/**
 * A port that carries one raw Ethernet frame per datagram, no header: the framing of QEMU's
 * {@code -netdev dgram} and VDE's {@code udp://} plug. It has a UDP socket of its own and accepts
 * frames only from its configured remote endpoint. Lives until detached.
 */
public final class RawUdpPort extends SwitchPort {
    private final RawUdpSocket own;
    private final DataSocket socket;
    private final InetSocketAddress remote;

    /** @param own the port's own socket, closed when the port is detached */
    public RawUdpPort(long secret, DataOutputs outputs, RawUdpSocket own, InetSocketAddress remote) {
        super(secret, outputs);
        this.own = own;
        this.socket = own.socket();
        this.remote = remote;
    }

    @Override
    public Kind kind() {
        return Kind.RAW_UDP;
    }

    @Override
    public String endpointText() {
        return HostPort.format(remote) + " via " + HostPort.format(local());
    }

    /** Found by its own socket: its handler serves it from now on. */
    @Override
    void index(PortIndex index) {
        own.handler().serve(this);
    }

    @Override
    void unindex(PortIndex index) {
        own.handler().serve(null);
    }

    @Override
    public InetSocketAddress declaredPeer() {
        return remote;
    }

    /** The switch's socket for this port: where the remote sends. */
    public InetSocketAddress local() {
        return socket.localAddress();
    }

    @Override
    public InetSocketAddress ownSocket() {
        return local();
    }

    @Override
    public DropReason deliver(ByteBuf frame) {
        return send(socket, remote, frame.readableBytes(), frame);
    }

    @Override
    public void writeDatagram(ByteBuf out, ByteBuf frame) {
        FrameBytes.append(out, frame);
    }

    @Override
    void release() {
        outputs.flush(socket); // what is collected for the socket goes before it closes
        own.close();
    }
}
