package io.vnetif.server.port;

import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.vnetif.api.DropReason;
import io.vnetif.core.SwitchEngine;
import io.vnetif.server.io.DataOutputs;
import io.vnetif.server.io.DataPlaneGuard;
import io.vnetif.server.io.DatagramConsumer;
import io.vnetif.server.io.SendFailures;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every data-plane socket does besides decoding its encapsulation: counted, rate-limited
 * rejections, booking the frames whose send failed on it, and — where Netty reads the socket — one
 * flush of every written socket per receive batch. Datagrams arrive either from the switch's own
 * batched read (which flushes by itself) or, where that cannot run, from Netty's datagram read through
 * this handler's place in the pipeline (released by {@link SimpleChannelInboundHandler} after
 * {@code channelRead0}); either way {@link #receive} decodes them. Runs on the loop that owns the engine.
 */
abstract class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> implements DatagramConsumer, SendFailures {
    private static final Logger log = LoggerFactory.getLogger(DatagramHandler.class);

    protected final PortRegistry ports;
    protected final SwitchEngine engine;
    private final DataOutputs outputs;
    private final DataPlaneGuard guard;
    private final DropLog dropLog = new DropLog();

    DatagramHandler(PortRegistry ports, DataOutputs outputs, DataPlaneGuard guard) {
        this.ports = ports;
        this.engine = ports.engine();
        this.outputs = outputs;
        this.guard = guard;
    }

    /**
     * A datagram no port can be named for, or one that names a port without proving its sender may speak
     * for it (a wrong secret or tag, a replay, a raw-UDP datagram from a stranger): booked switch-wide,
     * since anyone who learned a port id could otherwise inflate that port's drop counters.
     */
    protected void rejectUnattributed(DropReason reason, InetSocketAddress sender) {
        engine.unattributedDrops().increment(reason);
        dropLog.dropped(reason, sender, System.nanoTime());
    }

    /** A datagram that carried the port's credentials (so came from its owner, or from whoever it gave them to) but is refused. */
    protected void reject(SwitchPort port, DropReason reason, InetSocketAddress sender) {
        port.port().counters().drop(reason);
        dropLog.dropped(reason, sender, System.nanoTime());
    }

    @Override
    protected final void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        receive(packet.content(), packet.sender());
    }

    /** The end of one of Netty's receive batches: what it queued is sent now. */
    @Override
    public final void channelReadComplete(ChannelHandlerContext ctx) {
        outputs.flushAll();
    }

    @Override
    public final void receiveFailed(Throwable cause) {
        log.warn("unexpected error on the data plane", cause);
    }

    /**
     * A single datagram's send that failed after Netty took it (e.g. ENOBUFS reported by the flush):
     * booked as one failed frame. Anything else arriving here is a bug on the read path: logged loudly,
     * and left to show in the ledger as unaccounted frames.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (guard.check("a datagram read by Netty", cause)) {
            return;
        }
        if (cause instanceof IOException || cause instanceof ChannelException) {
            sendFailed(1, cause);
        } else {
            receiveFailed(cause);
        }
    }

    /**
     * Booked unattributed: the receiving port is not known here (writes carry no promise naming it, to
     * keep the path allocation-free); the ledger moves the frames from delivered to dropped.
     */
    @Override
    public final void sendFailed(int frames, Throwable cause) {
        for (int i = 0; i < frames; i++) {
            engine.unattributedDrops().increment(DropReason.SEND_FAILED);
            engine.ledger().sendFailedAfterDelivery();
        }
        log.debug("data plane send of {} frame(s) failed", frames, cause);
    }
}
