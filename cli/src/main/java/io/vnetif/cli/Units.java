package io.vnetif.cli;

/**
 * Whole numbers in CLI words; durations, percentages, sizes and rates are read by the shared grammar of
 * {@link io.vnetif.text} (the same words the switch's flags and the engine's descriptions use).
 */
final class Units {
    private Units() {
    }

    /** A whole number in {@code min..max}. */
    static int intIn(String token, int min, int max) {
        long n = integer(token);
        if (n < min || n > max) {
            throw new IllegalArgumentException("'" + token + "' out of range " + min + ".." + max);
        }
        return (int) n;
    }

    /**
     * A rule's 64-bit seed as either form it is shown in: signed, as {@code vnetif impair} and the Java API print
     * it, or unsigned, as the proto's {@code uint64} and so {@code impair list --json} give it.
     */
    static long seed(String token) {
        try {
            return token.startsWith("-") ? Long.parseLong(token) : Long.parseUnsignedLong(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + token + "' is not a whole number");
        }
    }

    /** A whole number. */
    static long integer(String token) {
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + token + "' is not a whole number");
        }
    }
}
