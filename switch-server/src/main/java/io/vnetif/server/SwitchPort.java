package io.vnetif.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.vnetif.api.DropReason;
import io.vnetif.core.port.FrameSink;
import io.vnetif.core.port.Port;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A port of the switch as the server keeps it: the engine port, the secret that authenticates control
 * calls (and, for native ports, datagrams), and how frames leave in this port kind's encapsulation.
 * Confined to the data-plane loop.
 */
abstract class SwitchPort implements FrameSink, DataOutputs.DatagramWriter {
    /** Port kinds, as listings show them. */
    enum Kind { NATIVE, VXLAN, RAW_UDP }

    private final long secret;
    protected final DataOutputs outputs;
    private Port port;
    /** The recipient address whose largest segment {@link #segmentLimit} is. */
    private InetAddress segmentLimitOf;
    private int segmentLimit;

    SwitchPort(long secret, DataOutputs outputs) {
        this.secret = secret;
        this.outputs = outputs;
    }

    abstract Kind kind();

    /** Where this port's frames go, for listings; empty when not known yet. */
    abstract String endpointText();

    /** Whether the port lives only as long as its lease is renewed. */
    boolean leased() {
        return false;
    }

    /** Frees what the port holds beyond the engine (sockets); called once, when it is detached. */
    void release() {
    }

    void bind(Port enginePort) {
        this.port = enginePort;
    }

    Port port() {
        return port;
    }

    long secret() {
        return secret;
    }

    /**
     * Queues this port's datagram of {@code length} bytes carrying {@code frame} to {@code to}, written by
     * {@link #writeDatagram}, or counts why not.
     */
    protected DropReason send(Channel channel, InetSocketAddress to, int length, ByteBuf frame) {
        if (to.getAddress() != segmentLimitOf) { // a port's recipient changes rarely, if ever
            segmentLimitOf = to.getAddress();
            segmentLimit = DataOutputs.maxSegment(segmentLimitOf);
        }
        return outputs.send(channel, to, segmentLimit, length, this, frame);
    }

    /**
     * Queues a datagram that carries no frame (a HELLO answer): its failure must not be booked as a
     * frame's (see {@link DataHandler#exceptionCaught}), so it gets a promise of its own.
     */
    protected void sendControl(Channel channel, ByteBuf payload, InetSocketAddress to) {
        outputs.sendControl(channel, payload, to);
    }
}
