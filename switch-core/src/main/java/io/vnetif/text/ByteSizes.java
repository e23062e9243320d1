package io.vnetif.text;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes written as tc writes them: {@code 1500}, {@code 1500b}, {@code 64kb}, {@code 1mb}, {@code 1gb}
 * (binary multiples; {@code b} is bytes, as opposed to the {@code bit} of rates). {@link #format} writes
 * what {@link #parse} reads back exactly.
 */
public final class ByteSizes {
    private static final Pattern NUMBER_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)([a-z]*)");
    private static final long[] UNIT_BYTES = {1L << 30, 1L << 20, 1L << 10};
    private static final String[] UNIT_NAMES = {"gb", "mb", "kb"};

    private ByteSizes() {
    }

    /**
     * Bytes.
     *
     * @throws IllegalArgumentException naming the text and the syntax wanted
     */
    public static long parse(String text) {
        Matcher m = text == null ? null : NUMBER_UNIT.matcher(text.toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 1500, 64kb, 1mb)");
        }
        long unit = switch (m.group(2)) {
            case "", "b" -> 1L;
            case "kb", "k" -> 1L << 10;
            case "mb", "m" -> 1L << 20;
            case "gb", "g" -> 1L << 30;
            default -> throw new IllegalArgumentException("'" + text + "' has an unknown unit (b, kb, mb, gb)");
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return bytes.longValue();
    }

    /** {@code bytes} in the largest binary unit that writes it exactly: {@code 32kb}, {@code 1500b}. */
    public static String format(long bytes) {
        for (int i = 0; i < UNIT_BYTES.length; i++) {
            if (bytes != 0 && bytes % UNIT_BYTES[i] == 0) {
                return bytes / UNIT_BYTES[i] + UNIT_NAMES[i];
            }
        }
        return bytes + "b";
    }
}
