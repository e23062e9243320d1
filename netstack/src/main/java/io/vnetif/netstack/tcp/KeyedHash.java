package io.vnetif.netstack.tcp;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 under a key chosen at random when the stack starts: what makes initial sequence numbers and
 * SYN cookies unguessable off the path. Confined to the stack's thread (a {@link Mac} is not thread-safe).
 */
final class KeyedHash {
    private final Mac mac;

    KeyedHash(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e); // every JDK has it
        }
    }

    /** The first 4 bytes of the hash of {@code input}, as a big-endian int. */
    int of(byte[] input) {
        return of(input, input.length);
    }

    /** The first 4 bytes of the hash of the first {@code length} bytes of {@code input}. */
    int of(byte[] input, int length) {
        mac.update(input, 0, length);
        byte[] digest = mac.doFinal();
        return (digest[0] & 0xFF) << 24 | (digest[1] & 0xFF) << 16 | (digest[2] & 0xFF) << 8 | (digest[3] & 0xFF);
    }
}
