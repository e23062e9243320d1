package io.vnetif.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value syntax of tc/netem: {@code 1%}, {@code 20ms}, {@code 64kb} (rates: {@link io.vnetif.text.BitRate}). */
final class Units {
    private static final Pattern NUMBER_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)([a-z%]*)");

    private Units() {
    }

    /** {@code 1%} or {@code 0.5%} → 0.01, 0.005. */
    static double percent(String token) {
        Matcher m = match(token);
        if (m == null || !m.group(2).equals("%")) {
            throw new IllegalArgumentException("'" + token + "' is not a percentage (e.g. 1% or 0.5%)");
        }
        double p = Double.parseDouble(m.group(1)) / 100;
        if (p > 1) {
            throw new IllegalArgumentException("'" + token + "' is more than 100%");
        }
        return p;
    }

    /** {@code 500us}, {@code 20ms}, {@code 1.5s}, {@code 2m}. */
    static Duration duration(String token) {
        Matcher m = match(token);
        if (m == null) {
            throw new IllegalArgumentException("'" + token + "' is not a duration (e.g. 20ms, 500us, 2s)");
        }
        double n = Double.parseDouble(m.group(1));
        double nanos = switch (m.group(2)) {
            case "ns" -> n;
            case "us" -> n * 1e3;
            case "ms" -> n * 1e6;
            case "s" -> n * 1e9;
            case "m", "min" -> n * 60e9;
            default -> throw new IllegalArgumentException("'" + token + "' has no time unit (ns, us, ms, s, m)");
        };
        if (nanos > Long.MAX_VALUE) {
            throw new IllegalArgumentException("'" + token + "' is too long");
        }
        return Duration.ofNanos((long) nanos);
    }

    /** {@code 1500}, {@code 1500b}, {@code 64kb}, {@code 1mb} (binary multiples) → bytes. */
    static long bytes(String token) {
        Matcher m = match(token);
        if (m == null) {
            throw new IllegalArgumentException("'" + token + "' is not a size (e.g. 1500, 64kb, 1mb)");
        }
        double n = Double.parseDouble(m.group(1));
        double bytes = switch (m.group(2)) {
            case "", "b" -> n;
            case "kb", "k" -> n * 1024;
            case "mb", "m" -> n * 1024 * 1024;
            case "gb", "g" -> n * 1024 * 1024 * 1024;
            default -> throw new IllegalArgumentException("'" + token + "' has an unknown unit (b, kb, mb, gb)");
        };
        return (long) bytes;
    }

    /** A whole number in {@code min..max}. */
    static int intIn(String token, int min, int max) {
        long n = integer(token);
        if (n < min || n > max) {
            throw new IllegalArgumentException("'" + token + "' out of range " + min + ".." + max);
        }
        return (int) n;
    }

    /** A whole number. */
    static long integer(String token) {
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + token + "' is not a whole number");
        }
    }

    private static Matcher match(String token) {
        Matcher m = NUMBER_UNIT.matcher(token.toLowerCase(Locale.ROOT));
        return m.matches() ? m : null;
    }
}
