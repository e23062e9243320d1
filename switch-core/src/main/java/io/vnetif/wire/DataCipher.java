package io.vnetif.wire;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AEAD ciphers a sealed port may use (WIRE.md, section 5), both from the JDK, both with a 256-bit
 * key, a 96-bit nonce and a 128-bit tag. Attach names the port's cipher by {@link #wireName()}.
 */
public enum DataCipher {
    /** AES-256 in Galois/Counter Mode: AES-NI and carry-less multiply intrinsics in the JDK on x86-64. */
    AES_256_GCM("AES-256-GCM", "AES/GCM/NoPadding", "AES") {
        @Override
        AlgorithmParameterSpec parameters(byte[] nonce) {
            return new GCMParameterSpec(DatagramHeader.TAG_LENGTH * Byte.SIZE, nonce);
        }
    },
    /** ChaCha20-Poly1305 (RFC 8439): constant time without hardware support, pure Java in JDK 17. */
    CHACHA20_POLY1305("CHACHA20-POLY1305", "ChaCha20-Poly1305", "ChaCha20") {
        @Override
        AlgorithmParameterSpec parameters(byte[] nonce) {
            return new IvParameterSpec(nonce);
        }
    };

    /** Key size of both ciphers. */
    public static final int KEY_LENGTH = 32;
    /** Nonce size of both ciphers. */
    public static final int NONCE_LENGTH = 12;

    private final String wireName;
    private final String transformation;
    private final String keyAlgorithm;

    DataCipher(String wireName, String transformation, String keyAlgorithm) {
        this.wireName = wireName;
        this.transformation = transformation;
        this.keyAlgorithm = keyAlgorithm;
    }

    /** The name in {@code AttachResponse.data_cipher}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The cipher of that wire name.
     *
     * @throws IllegalArgumentException for a name this code does not know
     */
    public static DataCipher named(String wireName) {
        for (DataCipher c : values()) {
            if (c.wireName.equals(wireName)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown data cipher '" + wireName + "' (known: "
                + Arrays.stream(values()).map(DataCipher::wireName).collect(Collectors.joining(", ")) + ")");
    }

    /** The parameters for one datagram's nonce. */
    abstract AlgorithmParameterSpec parameters(byte[] nonce);

    /**
     * A key of this cipher.
     *
     * @throws IllegalArgumentException when {@code bytes} is not {@value #KEY_LENGTH} bytes long
     */
    SecretKeySpec key(byte[] bytes) {
        if (bytes.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a " + wireName + " data key has " + KEY_LENGTH + " bytes, not " + bytes.length);
        }
        return new SecretKeySpec(bytes, keyAlgorithm);
    }

    /** A fresh JDK cipher instance; every JDK since 11 has both. */
    Cipher newCipher() {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(transformation + " is missing from this JDK", e);
        }
    }
}
