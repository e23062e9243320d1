package io.vnetif.wire;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import java.net.InetSocketAddress;

/**
 * How the datagrams of one native port are protected, from one end's point of view: by the port's
 * secret ({@link SecretCodec}) or by its data key ({@link SealedCodec}). The switch and the client each
 * hold one per port and use the same calls; only the direction differs.
 */
public interface PortCodec {
    /**
     * Appends one datagram at the writer index of {@code out}: a FRAME carrying the readable bytes of
     * {@code frame} (not consumed), or a HELLO when {@code frame} is {@code null}.
     */
    void write(ByteBuf out, int portId, ByteBuf frame);

    /**
     * Where an authentic datagram may come from: the switch binds a port to one UDP endpoint (WIRE.md
     * section 3, step 4).
     */
    @FunctionalInterface
    interface SenderCheck {
        /** Whether {@code sender} may speak for the port (binding the port to it, if it has no endpoint yet). */
        boolean acceptSender(InetSocketAddress sender);
    }

    /**
     * Authenticates a datagram for this port, one that passed {@link DatagramHeader#check}, then checks its
     * sender, and only then uses up a sealed datagram's sequence number: a copy sent from elsewhere (a
     * {@link DropReason#WRONG_SOURCE_ENDPOINT}) leaves the number to the genuine datagram. On success the
     * frame lies between reader index + {@link DatagramHeader#LENGTH} and the writer index (in a sealed
     * datagram the plaintext replaces the ciphertext and the tag is cut off); on failure the buffer's
     * content is undefined.
     *
     * @return {@code null} when it is authentic and its sender accepted, otherwise why it is dropped
     */
    DropReason open(ByteBuf datagram, SenderCheck check, InetSocketAddress sender);

    /** {@link #open(ByteBuf, SenderCheck, InetSocketAddress)} for a receiver that checked the sender before. */
    default DropReason open(ByteBuf datagram) {
        return open(datagram, any -> true, null);
    }

    /** How many bytes a datagram adds to its frame. */
    int overhead();
}
