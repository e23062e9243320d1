package io.vnetif.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.vnetif.api.DropReason;
import io.vnetif.wire.PortCodec;
import io.vnetif.wire.SealedCodec;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A port whose client speaks the native datagram format: authenticated by its secret, or sealed with
 * its data key when attached with encryption (the codec decides), bound to one UDP endpoint, kept alive
 * by a lease.
 */
final class NativePort extends SwitchPort {
    private static final Logger log = LoggerFactory.getLogger(NativePort.class);

    private final PortCodec codec;
    private final Channel channel;
    private InetSocketAddress endpoint;
    private long leaseExpiresNanos;

    NativePort(long secret, PortCodec codec, DataOutputs outputs, Channel channel, InetSocketAddress endpoint, long leaseExpiresNanos) {
        super(secret, outputs);
        this.codec = codec;
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

    /** How the port's datagrams are authenticated, opened and written. */
    PortCodec codec() {
        return codec;
    }

    /** Whether the port's datagrams are sealed. */
    boolean encrypted() {
        return codec instanceof SealedCodec;
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

    /** Encodes the frame, sealed or behind a plain header, into the batch flushed at the end of the receive batch. */
    @Override
    public DropReason deliver(ByteBuf frame) {
        if (endpoint == null) {
            return DropReason.ENDPOINT_UNKNOWN;
        }
        try {
            return send(channel, endpoint, codec.overhead() + frame.readableBytes(), frame);
        } catch (RuntimeException e) { // sealing failed (the cipher refused, sequence numbers used up): a counted drop
            log.warn("cannot encode a frame for {}: {}", port(), e.toString());
            return DropReason.SEND_FAILED;
        }
    }

    @Override
    public void writeDatagram(ByteBuf out, ByteBuf frame) {
        codec.write(out, port().id(), frame);
    }

    /** Answers a HELLO with one of the port's own; not a frame, so it stays out of the frame ledger. */
    void sendHello() {
        ByteBuf out = channel.alloc().directBuffer(codec.overhead());
        codec.write(out, port().id(), null);
        sendControl(channel, out, endpoint);
    }
}
