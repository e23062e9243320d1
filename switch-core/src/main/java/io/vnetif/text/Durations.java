package io.vnetif.text;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one way vnetif writes a duration, in switch flags ({@code --lease 5s}), CLI words
 * ({@code delay 1.5ms}) and the engine's descriptions: a decimal number and a unit, {@code ns},
 * {@code us}, {@code ms}, {@code s}, {@code m} (or {@code min}) or {@code h}; ISO-8601
 * ({@code PT5S}) is read too. {@link #format} writes what {@link #parse} reads back exactly.
 */
public final class Durations {
    private static final Map<String, Long> UNITS = new LinkedHashMap<>();
    private static final long[] SIZES = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
    private static final String[] NAMES = {"h", "m", "s", "ms", "us", "ns"};

    static {
        UNITS.put("ns", 1L);
        UNITS.put("us", 1_000L);
        UNITS.put("ms", 1_000_000L);
        UNITS.put("s", 1_000_000_000L);
        UNITS.put("m", 60_000_000_000L);
        UNITS.put("min", 60_000_000_000L);
        UNITS.put("h", 3_600_000_000_000L);
    }

    private Durations() {
    }

    /**
     * A duration of zero or more.
     *
     * @throws IllegalArgumentException naming the text and the syntax wanted
     */
    public static Duration parse(String text) {
        if (text != null && text.trim().toUpperCase(Locale.ROOT).startsWith("P")) { // ISO-8601: PT5S, P1D
            return iso(text);
        }
        return Duration.ofNanos(Quantity.toLong(Quantity.parse(text, UNITS, "a duration (e.g. 500us, 20ms, 1.5s, 2m, 1h)"),
                text, "too long"));
    }

    /**
     * A duration longer than zero.
     *
     * @throws IllegalArgumentException as {@link #parse}, or when it is zero
     */
    public static Duration parsePositive(String text) {
        Duration d = parse(text);
        if (d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' must be longer than zero");
        }
        return d;
    }

    private static Duration iso(String text) {
        Duration d;
        try {
            d = Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 500us, 20ms, 1.5s, 2m, 1h)");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is negative");
        }
        return d;
    }

    /** {@code nanos} (zero or more) in the largest unit that writes it exactly: {@code 20ms}, {@code 1500us}, {@code 2m}. */
    public static String format(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("negative duration " + nanos + " ns");
        }
        return Quantity.format(nanos, SIZES, NAMES, "0s");
    }

    /** As {@link #format(long)}. */
    public static String format(Duration d) {
        return format(d.toNanos());
    }
}
