package io.vnetif.text;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rates written as tc writes them: {@code 1000bit}, {@code 100kbit}, {@code 10mbit}, {@code 1gbit} (decimal
 * multiples). {@link #format} writes what {@link #parse} reads back exactly.
 */
public final class BitRate {
    private static final Pattern NUMBER_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)([a-z]*)");
    private static final long[] UNIT_BITS = {1_000_000_000L, 1_000_000L, 1_000L};
    private static final String[] UNIT_NAMES = {"gbit", "mbit", "kbit"};

    private BitRate() {
    }

    /**
     * Bits per second.
     *
     * @throws IllegalArgumentException naming the token and the syntax wanted
     */
    public static long parse(String token) {
        Matcher m = NUMBER_UNIT.matcher(token.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + token + "' is not a rate (e.g. 10mbit, 512kbit)");
        }
        long unit = switch (m.group(2)) {
            case "bit" -> 1L;
            case "kbit" -> 1_000L;
            case "mbit" -> 1_000_000L;
            case "gbit" -> 1_000_000_000L;
            default -> throw new IllegalArgumentException("'" + token + "' needs a unit: bit, kbit, mbit or gbit");
        };
        // Exact decimal arithmetic: a double would round rates beyond 2^53 bit/s, and 0.1mbit to 99999 bit/s.
        BigDecimal bits = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (bits.compareTo(BigDecimal.ONE) < 0) {
            throw new IllegalArgumentException("'" + token + "' is below 1 bit/s");
        }
        if (bits.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + token + "' is too large");
        }
        return bits.longValue();
    }

    /** Bits per second in the largest decimal unit that writes it exactly: {@code 10mbit}, {@code 1500bit}. */
    public static String format(long bitsPerSecond) {
        for (int i = 0; i < UNIT_BITS.length; i++) {
            if (bitsPerSecond != 0 && bitsPerSecond % UNIT_BITS[i] == 0) {
                return bitsPerSecond / UNIT_BITS[i] + UNIT_NAMES[i];
            }
        }
        return bitsPerSecond + "bit";
    }
}
