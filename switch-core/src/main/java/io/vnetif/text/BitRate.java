package io.vnetif.text;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rates written as tc writes them: {@code 1000bit}, {@code 100kbit}, {@code 10mbit}, {@code 1gbit} (decimal
 * multiples). {@link #format} writes what {@link #parse} reads back exactly.
 */
public final class BitRate {
    private static final Map<String, Long> UNITS = new LinkedHashMap<>();
    private static final long[] SIZES = {1_000_000_000L, 1_000_000L, 1_000L, 1L};
    private static final String[] NAMES = {"gbit", "mbit", "kbit", "bit"};

    static {
        UNITS.put("bit", 1L);
        UNITS.put("kbit", 1_000L);
        UNITS.put("mbit", 1_000_000L);
        UNITS.put("gbit", 1_000_000_000L);
    }

    private BitRate() {
    }

    /**
     * Bits per second.
     *
     * @throws IllegalArgumentException naming the token and the syntax wanted
     */
    public static long parse(String token) {
        BigDecimal bits = Quantity.parse(token, UNITS, "a rate (e.g. 10mbit, 512kbit)");
        if (bits.compareTo(BigDecimal.ONE) < 0) {
            throw new IllegalArgumentException("'" + token + "' is below 1 bit/s");
        }
        return Quantity.toLong(bits, token, "too large");
    }

    /** Bits per second in the largest decimal unit that writes it exactly: {@code 10mbit}, {@code 1500bit}. */
    public static String format(long bitsPerSecond) {
        return Quantity.format(bitsPerSecond, SIZES, NAMES, "0bit");
    }
}
