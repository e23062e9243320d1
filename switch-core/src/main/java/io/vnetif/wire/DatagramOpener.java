package io.vnetif.wire;

import io.netty.buffer.ByteBuf;
import io.vnetif.core.DropReason;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens the sealed datagrams of one port in one direction: refuses replays by the sequence number
 * before spending a decryption on them, verifies the tag over header and ciphertext, decrypts in place,
 * and only then moves the replay window. Not thread-safe: callers serialize.
 */
final class DatagramOpener {
    private final DataCipher kind;
    private final SecretKeySpec key;
    private final SealDirection direction;
    private final Cipher cipher;
    private final ReplayWindow window = new ReplayWindow();
    private final byte[] nonce = new byte[DataCipher.NONCE_LENGTH];
    private final byte[] header = new byte[DatagramHeader.LENGTH];

    DatagramOpener(DataCipher kind, SecretKeySpec key, SealDirection direction) {
        this.kind = kind;
        this.key = key;
        this.direction = direction;
        this.cipher = kind.newCipher();
    }

    /** See {@link PortCodec#open}; the datagram's type must be a sealed one. */
    DropReason open(ByteBuf datagram) {
        long sequence = DatagramHeader.sequence(datagram);
        if (!window.isFresh(sequence)) {
            return DropReason.REPLAYED;
        }
        int at = datagram.readerIndex();
        int sealedLength = datagram.readableBytes() - DatagramHeader.LENGTH;
        datagram.getBytes(at, header);
        direction.nonce(sequence, nonce);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, kind.parameters(nonce));
            cipher.updateAAD(header);
            // Two views of the same bytes: the JDK refuses one buffer object as both input and output.
            cipher.doFinal(datagram.nioBuffer(at + DatagramHeader.LENGTH, sealedLength),
                    datagram.internalNioBuffer(at + DatagramHeader.LENGTH, sealedLength));
        } catch (AEADBadTagException e) {
            return DropReason.BAD_TAG;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("opening failed", e); // key and parameters are ours: a bug
        }
        window.accept(sequence);
        datagram.writerIndex(datagram.writerIndex() - DatagramHeader.TAG_LENGTH);
        return null;
    }
}
