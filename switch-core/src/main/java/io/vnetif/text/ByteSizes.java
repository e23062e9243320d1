package io.vnetif.text;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sizes written as tc writes them: {@code 1500}, {@code 1500b}, {@code 64kb}, {@code 1mb}, {@code 1gb}
 * (binary multiples; {@code b} is bytes, as opposed to the {@code bit} of rates). {@link #format} writes
 * what {@link #parse} reads back exactly.
 */
public final class ByteSizes {
    private static final Map<String, Long> UNITS = new LinkedHashMap<>();
    private static final long[] SIZES = {1L << 30, 1L << 20, 1L << 10, 1L};
    private static final String[] NAMES = {"gb", "mb", "kb", "b"};

    static {
        UNITS.put("", 1L);
        UNITS.put("b", 1L);
        UNITS.put("kb", 1L << 10);
        UNITS.put("k", 1L << 10);
        UNITS.put("mb", 1L << 20);
        UNITS.put("m", 1L << 20);
        UNITS.put("gb", 1L << 30);
        UNITS.put("g", 1L << 30);
    }

    private ByteSizes() {
    }

    /**
     * Bytes.
     *
     * @throws IllegalArgumentException naming the text and the syntax wanted
     */
    public static long parse(String text) {
        return Quantity.toLong(Quantity.parse(text, UNITS, "a size (e.g. 1500, 64kb, 1mb)"), text, "too large");
    }

    /** {@code bytes} in the largest binary unit that writes it exactly: {@code 32kb}, {@code 1500b}. */
    public static String format(long bytes) {
        return Quantity.format(bytes, SIZES, NAMES, "0b");
    }
}
