package io.vnetif.netstack.core;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A SecureRandom that gives the same bytes for the same seed, so that a test's stacks draw the same keys,
 * ISNs and ports every run and a failing sample fails again. ({@code new SecureRandom(seed)} on Linux mixes
 * the seed into /dev/urandom: no two runs alike.)
 */
public final class SeededRandom {
    private SeededRandom() {
    }

    public static SecureRandom of(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG"); // seeded before first use: deterministic
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA1PRNG", e); // every JDK has it
        }
    }
}
