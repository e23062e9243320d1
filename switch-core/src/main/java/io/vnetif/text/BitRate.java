package io.vnetif.text;

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
        double n = Double.parseDouble(m.group(1));
        double bits = switch (m.group(2)) {
            case "bit" -> n;
            case "kbit" -> n * 1e3;
            case "mbit" -> n * 1e6;
            case "gbit" -> n * 1e9;
            default -> throw new IllegalArgumentException("'" + token + "' needs a unit: bit, kbit, mbit or gbit");
        };
        if (bits < 1) {
            throw new IllegalArgumentException("'" + token + "' is below 1 bit/s");
        }
        return (long) bits;
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
