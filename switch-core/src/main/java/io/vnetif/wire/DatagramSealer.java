package io.vnetif.wire;

import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes the sealed datagrams of one port in one direction: header with the next sequence number (the
 * AAD), then frame ciphertext and tag. Owns its counter, so a nonce is never used twice under the key.
 * Not thread-safe: callers serialize.
 */
final class DatagramSealer {
    private final DataCipher kind;
    private final SecretKeySpec key;
    private final SealDirection direction;
    private final Cipher cipher;
    private final byte[] nonce = new byte[DataCipher.NONCE_LENGTH];
    private long nextSequence = 1;

    DatagramSealer(DataCipher kind, SecretKeySpec key, SealDirection direction) {
        this.kind = kind;
        this.key = key;
        this.direction = direction;
        this.cipher = kind.newCipher();
    }

    /**
     * Appends a sealed datagram of {@code type} carrying the readable bytes of {@code frame} (not
     * consumed; {@code null}: none).
     *
     * @throws IllegalStateException after 2^64 − 1 datagrams (centuries at any rate): the port must be attached anew
     */
    void seal(ByteBuf out, int type, int portId, ByteBuf frame) {
        long sequence = nextSequence;
        if (sequence == 0) {
            throw new IllegalStateException("port " + Integer.toUnsignedString(portId) + " used up its sequence numbers: attach anew");
        }
        nextSequence++;
        int start = out.writerIndex();
        DatagramHeader.write(out, type, portId, sequence);
        byte[] scratch = CipherScratch.get();
        out.getBytes(start, scratch, 0, DatagramHeader.LENGTH);
        int length = 0;
        if (frame != null) {
            length = frame.readableBytes();
            frame.getBytes(frame.readerIndex(), scratch, DatagramHeader.LENGTH, length);
        }
        direction.nonce(sequence, nonce);
        int sealed;
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, kind.parameters(nonce));
            cipher.updateAAD(scratch, 0, DatagramHeader.LENGTH);
            sealed = cipher.doFinal(scratch, DatagramHeader.LENGTH, length, scratch, DatagramHeader.LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e); // key and parameters are ours: a bug
        }
        out.writeBytes(scratch, DatagramHeader.LENGTH, sealed);
    }
}
