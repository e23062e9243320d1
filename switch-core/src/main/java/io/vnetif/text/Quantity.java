package io.vnetif.text;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape every quantity of this grammar has: a decimal number and a unit from a table, read in exact
 * decimals (a double would round large values), and written in the largest unit that writes it exactly.
 */
final class Quantity {
    private static final Pattern NUMBER_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)([a-z]*)");

    private Quantity() {
    }

    /**
     * The number of {@code text} times the size of its unit.
     *
     * @param units    unit name to size ({@code ""} for a bare number, where that is allowed), in the order
     *                 the error message lists them
     * @param expected what the text should be, with an example, for the error message ("a rate (e.g. 10mbit)")
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    static BigDecimal parse(String text, Map<String, Long> units, String expected) {
        Matcher m = text == null ? null : NUMBER_UNIT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + expected);
        }
        Long size = units.get(m.group(2));
        if (size == null) {
            String known = String.join(", ", units.keySet().stream().filter(u -> !u.isEmpty()).toList());
            throw new IllegalArgumentException("'" + text + "' has " + (m.group(2).isEmpty() ? "no unit" : "an unknown unit")
                    + " (" + known + ")");
        }
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(size));
    }

    /** {@code value} in a long, or the error that it is {@code tooMuch} ("too long", "too large"). */
    static long toLong(BigDecimal value, String text, String tooMuch) {
        if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is " + tooMuch);
        }
        return value.longValue();
    }

    /**
     * {@code value} (zero or more) in the first of {@code sizes} (largest first, the last 1) that divides it,
     * with that unit's name; zero as {@code zero}.
     */
    static String format(long value, long[] sizes, String[] names, String zero) {
        if (value == 0) {
            return zero;
        }
        for (int i = 0; i < sizes.length - 1; i++) {
            if (value % sizes[i] == 0) {
                return value / sizes[i] + names[i];
            }
        }
        return value + names[sizes.length - 1];
    }
}
