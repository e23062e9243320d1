package io.vnetif.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.vnetif.core.DropReason;
import io.vnetif.core.FrameSink;
import io.vnetif.core.Port;
import io.vnetif.wire.DatagramHeader;
import java.net.InetSocketAddress;

/**
 * A port whose client speaks the native datagram format: the engine port plus what the data plane needs
 * to authenticate it (secret, bound endpoint) and to keep it alive (lease). Confined to the data-plane
 * event loop, like the engine.
 */
final class NativePort implements FrameSink {
    private final long secret;
    private final Channel channel;
    private Port port;
    private InetSocketAddress endpoint;
    private long leaseExpiresNanos;

    NativePort(long secret, Channel channel, InetSocketAddress endpoint, long leaseExpiresNanos) {
        this.secret = secret;
        this.channel = channel;
        this.endpoint = endpoint;
        this.leaseExpiresNanos = leaseExpiresNanos;
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

    /** The endpoint this port sends from and receives at; {@code null} until its first datagram. */
    InetSocketAddress endpoint() {
        return endpoint;
    }

    /**
     * Checks the source of an authenticated datagram, binding the port to it if it had no endpoint yet.
     *
     * @return true when the datagram came from the port's endpoint
     */
    boolean acceptSource(InetSocketAddress sender) {
        if (endpoint == null) {
            endpoint = sender;
            return true;
        }
        return endpoint.equals(sender);
    }

    long leaseExpiresNanos() {
        return leaseExpiresNanos;
    }

    void renewUntil(long expiresNanos) {
        leaseExpiresNanos = expiresNanos;
    }

    /**
     * Encodes the frame behind a header into a pooled direct buffer and queues it on the channel; the
     * data plane flushes once per receive batch (so sendmmsg can batch too).
     */
    @Override
    public DropReason deliver(ByteBuf frame) {
        if (endpoint == null) {
            return DropReason.ENDPOINT_UNKNOWN;
        }
        if (!channel.isWritable()) {
            return DropReason.SEND_FAILED;
        }
        int length = frame.readableBytes();
        ByteBuf out = channel.alloc().directBuffer(DatagramHeader.LENGTH + length);
        DatagramHeader.write(out, DatagramHeader.TYPE_FRAME, port.id(), secret);
        out.writeBytes(frame, frame.readerIndex(), length);
        channel.write(new DatagramPacket(out, endpoint), channel.voidPromise());
        return null;
    }

    /** Answers a HELLO: an empty datagram with the port's id and secret. */
    void sendHello() {
        ByteBuf out = channel.alloc().directBuffer(DatagramHeader.LENGTH);
        DatagramHeader.write(out, DatagramHeader.TYPE_HELLO, port.id(), secret);
        channel.write(new DatagramPacket(out, endpoint), channel.voidPromise());
    }
}
