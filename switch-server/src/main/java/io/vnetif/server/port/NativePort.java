package io.vnetif.server.port;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import io.vnetif.server.io.DataOutputs;
import io.vnetif.server.io.DataSocket;
import io.vnetif.text.HostPort;
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
public final class NativePort extends SwitchPort implements PortCodec.SenderCheck {
    private static final Logger log = LoggerFactory.getLogger(NativePort.class);

    private final PortCodec codec;
    private final DataSocket socket;
    private InetSocketAddress endpoint;
    /** The endpoint Attach named, or {@code null}: bound by the first HELLO instead. */
    private final InetSocketAddress declared;
    private long leaseExpiresNanos;

    /**
     * @param socket   the switch's native data socket, which every native port shares
     * @param endpoint the client's data endpoint, or {@code null} to bind the port to the sender of its
     *                 first authenticated datagram
     */
    public NativePort(long secret, PortCodec codec, DataOutputs outputs, DataSocket socket, InetSocketAddress endpoint,
                      long leaseExpiresNanos) {
        super(secret, outputs);
        this.codec = codec;
        this.socket = socket;
        this.endpoint = endpoint;
        this.declared = endpoint;
        this.leaseExpiresNanos = leaseExpiresNanos;
    }

    @Override
    public InetSocketAddress declaredPeer() {
        return declared;
    }

    @Override
    public Kind kind() {
        return Kind.NATIVE;
    }

    @Override
    public String endpointText() {
        return endpoint == null ? "" : HostPort.format(endpoint);
    }

    @Override
    boolean leased() {
        return true;
    }

    @Override
    void renewUntil(long expiresNanos) {
        leaseExpiresNanos = expiresNanos;
    }

    @Override
    long leaseRemainingNanos(long nowNanos) {
        return leaseExpiresNanos - nowNanos;
    }

    @Override
    void index(PortIndex index) {
        index.add(this);
    }

    @Override
    void unindex(PortIndex index) {
        index.remove(this);
    }

    /** How the port's datagrams are authenticated, opened and written. */
    public PortCodec codec() {
        return codec;
    }

    @Override
    public boolean encrypted() {
        return codec instanceof SealedCodec;
    }

    /**
     * Checks the source of an authenticated datagram, binding the port to it if it had no endpoint yet.
     *
     * @return true when the datagram came from the port's endpoint
     */
    @Override
    public boolean acceptSender(InetSocketAddress sender) {
        if (endpoint == null) {
            endpoint = sender;
            return true;
        }
        return endpoint.equals(sender);
    }

    /** Encodes the frame, sealed or behind a plain header, into the batch flushed at the end of the receive batch. */
    @Override
    public DropReason deliver(ByteBuf frame) {
        if (endpoint == null) {
            return DropReason.ENDPOINT_UNKNOWN;
        }
        try {
            return send(socket, endpoint, codec.overhead() + frame.readableBytes(), frame);
        } catch (RuntimeException e) { // sealing failed (the cipher refused, sequence numbers used up): a counted drop
            log.warn("cannot encode a frame for {}: {}", port(), e.toString());
            return DropReason.SEND_FAILED;
        }
    }

    @Override
    public void writeDatagram(ByteBuf out, ByteBuf frame) {
        codec.write(out, port().id(), frame);
    }

    /**
     * Answers a HELLO with one of the port's own. Not a frame, so it stays out of the frame ledger, and its
     * failure must not be booked as a frame's: it goes as a control datagram.
     */
    void sendHello() {
        ByteBuf out = socket.channel().alloc().directBuffer(codec.overhead());
        codec.write(out, port().id(), null);
        outputs.sendControl(socket, out, endpoint);
    }
}
