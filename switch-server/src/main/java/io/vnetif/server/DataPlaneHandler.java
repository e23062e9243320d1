package io.vnetif.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.vnetif.core.DropReason;
import io.vnetif.core.SwitchEngine;
import io.vnetif.wire.DatagramHeader;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native data plane: decodes and authenticates each datagram, hands its frame to the engine, and
 * flushes what the engine queued once per receive batch. Runs on the loop that owns the engine; the
 * datagram is released by {@link SimpleChannelInboundHandler} after {@link #channelRead0}.
 */
final class DataPlaneHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(DataPlaneHandler.class);

    private final NativePorts ports;
    private final SwitchEngine engine;
    private final DropLog dropLog = new DropLog();

    DataPlaneHandler(NativePorts ports) {
        this.ports = ports;
        this.engine = ports.engine();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf datagram = packet.content();
        InetSocketAddress sender = packet.sender();
        DropReason malformed = DatagramHeader.check(datagram);
        if (malformed != null) {
            rejectUnattributed(malformed, sender);
            return;
        }
        NativePort port = ports.get(DatagramHeader.portId(datagram));
        if (port == null) {
            rejectUnattributed(DropReason.UNKNOWN_PORT, sender);
            return;
        }
        if (DatagramHeader.secret(datagram) != port.secret()) {
            reject(port, DropReason.BAD_SECRET, sender);
            return;
        }
        if (!port.acceptSource(sender)) {
            reject(port, DropReason.WRONG_SOURCE_ENDPOINT, sender);
            return;
        }
        if (DatagramHeader.type(datagram) == DatagramHeader.TYPE_HELLO) {
            ports.renew(port); // so a lease cannot run out while the client is still proving its path
            port.sendHello();
            return;
        }
        datagram.skipBytes(DatagramHeader.LENGTH);
        engine.ingress(port.port(), datagram);
    }

    private void rejectUnattributed(DropReason reason, InetSocketAddress sender) {
        engine.unattributedDrops().increment(reason);
        dropLog.dropped(reason, sender, System.nanoTime());
    }

    private void reject(NativePort port, DropReason reason, InetSocketAddress sender) {
        port.port().counters().drop(reason);
        dropLog.dropped(reason, sender, System.nanoTime());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    /** A send that failed after the frame was handed over (e.g. ENOBUFS): counted, logged, never fatal. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        engine.unattributedDrops().increment(DropReason.SEND_FAILED);
        log.debug("data plane I/O error", cause);
    }
}
