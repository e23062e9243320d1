package io.vnetif.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.vnetif.core.DropReason;
import io.vnetif.wire.DatagramHeader;
import java.net.InetSocketAddress;

/**
 * A port whose client speaks the native datagram format: authenticated by its secret, bound to one UDP
 * endpoint, kept alive by a lease.
 */
final class NativePort extends SwitchPort {
    private final Channel channel;
    private InetSocketAddress endpoint;
    private long leaseExpiresNanos;

    NativePort(long secret, DataOutputs outputs, Channel channel, InetSocketAddress endpoint, long leaseExpiresNanos) {
        super(secret, outputs);
        this.channel = channel;
        this.endpoint = endpoint;
        this.leaseExpiresNanos = leaseExpiresNanos;
    }

    @Override
    Kind kind() {
        return Kind.NATIVE;
    }

    @Override
    String endpointText() {
        return endpoint == null ? "" : HostPort.format(endpoint);
    }

    @Override
    boolean leased() {
        return true;
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

    /** Encodes the frame behind a header into a pooled direct buffer; flushed at the end of the batch. */
    @Override
    public DropReason deliver(ByteBuf frame) {
        if (endpoint == null) {
            return DropReason.ENDPOINT_UNKNOWN;
        }
        int length = frame.readableBytes();
        ByteBuf out = channel.alloc().directBuffer(DatagramHeader.LENGTH + length);
        DatagramHeader.write(out, DatagramHeader.TYPE_FRAME, port().id(), secret());
        out.writeBytes(frame, frame.readerIndex(), length);
        return send(channel, out, endpoint);
    }

    /** Answers a HELLO: an empty datagram with the port's id and secret. */
    void sendHello() {
        ByteBuf out = channel.alloc().directBuffer(DatagramHeader.LENGTH);
        DatagramHeader.write(out, DatagramHeader.TYPE_HELLO, port().id(), secret());
        send(channel, out, endpoint);
    }
}
