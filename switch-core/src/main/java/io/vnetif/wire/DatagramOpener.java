package io.vnetif.wire;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens the sealed datagrams of one port in one direction: refuses replays by the sequence number
 * before spending a decryption on them, verifies the tag over header and ciphertext, checks the sender,
 * puts the plaintext where the ciphertext was, and only then moves the replay window (so neither a
 * forgery nor a copy from a wrong endpoint uses up the genuine datagram's number). Not thread-safe:
 * callers serialize.
 */
final class DatagramOpener {
    private final DataCipher kind;
    private final SecretKeySpec key;
    private final SealDirection direction;
    private final Cipher cipher;
    private final ReplayWindow window = new ReplayWindow();
    private final byte[] nonce = new byte[DataCipher.NONCE_LENGTH];

    DatagramOpener(DataCipher kind, SecretKeySpec key, SealDirection direction) {
        this.kind = kind;
        this.key = key;
        this.direction = direction;
        this.cipher = kind.newCipher();
    }

    /** See {@link PortCodec#open(ByteBuf, PortCodec.SenderCheck, InetSocketAddress)}; the datagram's type must be a sealed one. */
    DropReason open(ByteBuf datagram, PortCodec.SenderCheck check, InetSocketAddress sender) {
        long sequence = DatagramHeader.sequence(datagram);
        if (!window.isFresh(sequence)) {
            return DropReason.REPLAYED;
        }
        int at = datagram.readerIndex();
        int length = datagram.readableBytes();
        byte[] scratch = CipherScratch.get();
        datagram.getBytes(at, scratch, 0, length);
        direction.nonce(sequence, nonce);
        int opened;
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, kind.parameters(nonce));
            cipher.updateAAD(scratch, 0, DatagramHeader.LENGTH);
            opened = cipher.doFinal(scratch, DatagramHeader.LENGTH, length - DatagramHeader.LENGTH, scratch, DatagramHeader.LENGTH);
        } catch (AEADBadTagException e) {
            return DropReason.BAD_TAG;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("opening failed", e); // key and parameters are ours: a bug
        }
        if (!check.acceptSender(sender)) {
            return DropReason.WRONG_SOURCE_ENDPOINT;
        }
        window.accept(sequence);
        datagram.setBytes(at + DatagramHeader.LENGTH, scratch, DatagramHeader.LENGTH, opened);
        datagram.writerIndex(at + DatagramHeader.LENGTH + opened);
        return null;
    }
}
