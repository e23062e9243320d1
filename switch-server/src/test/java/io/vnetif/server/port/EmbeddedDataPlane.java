package io.vnetif.server.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.vnetif.core.SwitchEngine;
import io.vnetif.core.SwitchLimits;
import io.vnetif.core.port.PortSpec;
import io.vnetif.server.Tally;
import io.vnetif.server.io.DataOutputs;
import io.vnetif.server.io.DataPlaneGuard;
import io.vnetif.server.io.DataSocket;
import io.vnetif.server.io.DataTransport;
import io.vnetif.server.io.NettySends;
import io.vnetif.server.io.Segmentation;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The switch's data plane without sockets: the real engine, port registry and data handlers, with
 * {@link EmbeddedChannel}s standing in for the UDP sockets. A property pushes any datagram from any
 * sender through a handler in the calling thread, then reads what the switch sent and counted. Every
 * port is attached to one network.
 */
final class EmbeddedDataPlane {
    static final String NETWORK = "lab";

    /** A datagram the switch sent. */
    record Sent(InetSocketAddress to, byte[] bytes) {
    }

    /** A raw-UDP port and the socket of its own that the switch opened for it. */
    record RawUdp(RawUdpPort port, EmbeddedChannel socket) {
    }

    /** No sharing of the thread: a property drives the engine back to back, where a real switch spends most of its time in syscalls. */
    private final SwitchEngine engine = new SwitchEngine(SwitchLimits.DEFAULTS.withNetworkMaxShare(1), System::nanoTime, new SplittableRandom(7),
            (task, delayNanos) -> task.run());
    private final PortRegistry ports = new PortRegistry(engine, System::nanoTime, Duration.ofSeconds(5));
    private final DataOutputs outputs = new DataOutputs(new NettySends(new Segmentation(true))); // as on Linux: runs for one recipient leave segmented
    /** No switch to stop here: a fatal error is logged by the guard, and the property fails on what the switch counted. */
    private final DataPlaneGuard guard = new DataPlaneGuard((where, cause) -> { });

    /** The switch's VXLAN socket at {@code local}. */
    EmbeddedChannel vxlanSocket(InetSocketAddress local) {
        return new BoundEmbeddedChannel(local, new VxlanHandler(ports, outputs, guard));
    }

    VxlanPort attachVxlan(EmbeddedChannel vxlanSocket, PortSpec spec, InetSocketAddress peer, int vni) {
        DatagramHandler handler = (DatagramHandler) vxlanSocket.pipeline().last();
        return ports.attach("test", NETWORK, spec, secret -> new VxlanPort(secret, outputs, new DataSocket(vxlanSocket, handler), peer, vni));
    }

    /** A raw-UDP port for frames from {@code remote}, with its socket at {@code local}, as AttachRawUdp opens it. */
    RawUdp attachRawUdp(PortSpec spec, InetSocketAddress remote, InetSocketAddress local) {
        RawUdpHandler handler = new RawUdpHandler(ports, outputs, guard);
        EmbeddedChannel socket = new BoundEmbeddedChannel(local, handler);
        RawUdpSocket own = new RawUdpSocket(new DataSocket(socket, handler), handler);
        RawUdpPort port = ports.attach("test", NETWORK, spec, secret -> new RawUdpPort(secret, outputs, own, remote));
        return new RawUdp(port, socket);
    }

    /** A raw-UDP socket whose port is not attached yet: AttachRawUdp binds first, then attaches. */
    EmbeddedChannel rawSocketNotServingYet(InetSocketAddress local) {
        return new BoundEmbeddedChannel(local, new RawUdpHandler(ports, outputs, guard));
    }

    /** What the engine counted so far. */
    Tally tally() {
        return Tally.of(engine);
    }

    /** Hands {@code datagram} to {@code socket} as if {@code sender} had sent it; the handler runs before this returns. */
    static void receive(EmbeddedChannel socket, byte[] datagram, InetSocketAddress sender) {
        socket.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(datagram), (InetSocketAddress) socket.localAddress(), sender));
    }

    /** The datagrams the switch sent through {@code socket} since the last call, segmented sends cut as the kernel cuts them. */
    static List<Sent> sentThrough(EmbeddedChannel socket) {
        List<Sent> sent = new ArrayList<>();
        DatagramPacket p;
        while ((p = socket.readOutbound()) != null) {
            ByteBuf content = p.content();
            int segment = p instanceof SegmentedDatagramPacket ? ((SegmentedDatagramPacket) p).segmentSize() : content.readableBytes();
            do {
                sent.add(new Sent(p.recipient(), ByteBufUtil.getBytes(content.readSlice(Math.min(segment, content.readableBytes())))));
            } while (content.isReadable());
            p.release();
        }
        return sent;
    }

    /** An embedded channel that says it is bound at a UDP address, as the switch's sockets are (ports show it). */
    private static final class BoundEmbeddedChannel extends EmbeddedChannel {
        private final InetSocketAddress local;

        BoundEmbeddedChannel(InetSocketAddress local, ChannelHandler handler) {
            super(handler);
            this.local = local;
            config().setWriteBufferWaterMark(DataTransport.QUEUED_OUTPUT); // as the switch's sockets: a batch of sends fits
        }

        @Override
        protected SocketAddress localAddress0() {
            return local;
        }
    }
}
