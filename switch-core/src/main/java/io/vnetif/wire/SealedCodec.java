package io.vnetif.wire;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import java.net.InetSocketAddress;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sealed datagrams (WIRE.md, section 5): SEALED_FRAME and SEALED_HELLO, encrypted and authenticated
 * with the port's data key, the header as associated data, a nonce from direction and sequence number,
 * replays refused by a window per direction. The secret never appears in them.
 *
 * <p>Threads: {@link #write} calls must be serialized, and so must {@link #open} calls, but one thread
 * may write while another opens: each direction has its own cipher instance and state.
 */
public final class SealedCodec implements PortCodec {
    private final DataCipher cipher;
    private final byte[] key;
    private final DatagramSealer sealer;
    private final DatagramOpener opener;

    private SealedCodec(DataCipher cipher, byte[] key, SealDirection sends) {
        SecretKeySpec spec = cipher.key(key);
        this.cipher = cipher;
        this.key = key.clone();
        this.sealer = new DatagramSealer(cipher, spec, sends);
        this.opener = new DatagramOpener(cipher, spec, sends.reverse());
    }

    /**
     * The client's end: seals {@link SealDirection#TO_SWITCH}, opens {@link SealDirection#FROM_SWITCH}.
     *
     * @throws IllegalArgumentException when the key is not {@value DataCipher#KEY_LENGTH} bytes long
     */
    public static SealedCodec forClient(DataCipher cipher, byte[] key) {
        return new SealedCodec(cipher, key, SealDirection.TO_SWITCH);
    }

    /** The switch's end: seals {@link SealDirection#FROM_SWITCH}, opens {@link SealDirection#TO_SWITCH}. */
    public static SealedCodec forSwitch(DataCipher cipher, byte[] key) {
        return new SealedCodec(cipher, key, SealDirection.FROM_SWITCH);
    }

    /** The cipher, for the Attach answer. */
    public DataCipher cipher() {
        return cipher;
    }

    /** A copy of the key, for the Attach answer. */
    public byte[] key() {
        return key.clone();
    }

    @Override
    public void write(ByteBuf out, int portId, ByteBuf frame) {
        sealer.seal(out, frame == null ? DatagramHeader.TYPE_SEALED_HELLO : DatagramHeader.TYPE_SEALED_FRAME, portId, frame);
    }

    @Override
    public DropReason open(ByteBuf datagram, SenderCheck check, InetSocketAddress sender) {
        if (!DatagramHeader.isSealed(DatagramHeader.type(datagram))) {
            return DropReason.SEAL_MISMATCH;
        }
        return opener.open(datagram, check, sender);
    }

    @Override
    public int overhead() {
        return DatagramHeader.LENGTH + DatagramHeader.TAG_LENGTH;
    }
}
