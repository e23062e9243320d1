package io.vnetif.wire;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;

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
     * Authenticates a datagram for this port, one that passed {@link DatagramHeader#check}. On success
     * the frame lies between reader index + {@link DatagramHeader#LENGTH} and the writer index (in a
     * sealed datagram the plaintext replaces the ciphertext and the tag is cut off); on failure the
     * buffer's content is undefined.
     *
     * @return {@code null} when it is authentic, otherwise why it is dropped
     */
    DropReason open(ByteBuf datagram);

    /** How many bytes a datagram adds to its frame. */
    int overhead();
}
