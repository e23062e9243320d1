package io.vnetif.text;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Probabilities written as percentages, as tc/netem writes them: {@code 1%}, {@code 0.5%}. {@link #format}
 * writes what {@link #parse} reads back exactly (no rounding).
 */
public final class Percentages {
    private static final Pattern PERCENT = Pattern.compile("\\d+(?:\\.\\d+)?%");

    private Percentages() {
    }

    /**
     * {@code 1%} → 0.01.
     *
     * @throws IllegalArgumentException naming the text, when it is not a percentage from 0% to 100%
     */
    public static double parse(String text) {
        if (text == null || !PERCENT.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a percentage (e.g. 1% or 0.5%)");
        }
        BigDecimal percent = new BigDecimal(text.substring(0, text.length() - 1));
        if (percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is more than 100%");
        }
        return percent.movePointLeft(2).doubleValue();
    }

    /** 0.01 → {@code 1%}; the shortest decimal that reads back as {@code probability}. */
    public static String format(double probability) {
        return new BigDecimal(Double.toString(probability)).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
