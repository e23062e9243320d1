package io.vnetif.text;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way vnetif writes a duration, in switch flags ({@code --lease 5s}), CLI words
 * ({@code delay 1.5ms}) and the engine's descriptions: a decimal number and a unit, {@code ns},
 * {@code us}, {@code ms}, {@code s}, {@code m} (or {@code min}) or {@code h}; ISO-8601
 * ({@code PT5S}) is read too. {@link #format} writes what {@link #parse} reads back exactly.
 */
public final class Durations {
    private static final Pattern NUMBER_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)([a-z]*)");
    private static final long[] UNIT_NANOS = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
    private static final String[] UNIT_NAMES = {"h", "m", "s", "ms", "us", "ns"};

    private Durations() {
    }

    /**
     * A duration of zero or more.
     *
     * @throws IllegalArgumentException naming the text and the syntax wanted
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.toUpperCase(Locale.ROOT).startsWith("P")) { // ISO-8601: PT5S, P1D
            return iso(text, t);
        }
        Matcher m = NUMBER_UNIT.matcher(t.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 500us, 20ms, 1.5s, 2m, 1h)");
        }
        long unitNanos = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "" -> throw new IllegalArgumentException("'" + text + "' has no time unit (ns, us, ms, s, m or h)");
            default -> throw new IllegalArgumentException("'" + text + "' has an unknown time unit (ns, us, ms, s, m or h)");
        };
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos));
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long");
        }
        return Duration.ofNanos(nanos.longValue());
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

    private static Duration iso(String text, String t) {
        Duration d;
        try {
            d = Duration.parse(t);
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
        if (nanos == 0) {
            return "0s";
        }
        for (int i = 0; i < UNIT_NANOS.length; i++) {
            if (nanos % UNIT_NANOS[i] == 0) {
                return nanos / UNIT_NANOS[i] + UNIT_NAMES[i];
            }
        }
        throw new AssertionError("every number of nanoseconds is whole in ns");
    }

    /** As {@link #format(long)}. */
    public static String format(Duration d) {
        return format(d.toNanos());
    }
}
