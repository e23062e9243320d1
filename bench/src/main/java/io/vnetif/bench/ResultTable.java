package io.vnetif.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The result of one bench run: printed as an aligned table and written as CSV under
 * {@code bench/results/} (relative to the working directory; gitignored), same columns in both.
 */
public final class ResultTable {
    /** Where every bench tool writes, relative to the working directory. */
    public static final Path RESULTS = Path.of("bench", "results");

    private final String name;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    /** {@code name} is the CSV file's name without extension. */
    public ResultTable(String name, String... columns) {
        this.name = name;
        this.columns = List.of(columns);
    }

    /** One row, a cell per column; numbers already formatted (see {@link #fixed}). */
    public void add(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + columns.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(String::valueOf).toList());
    }

    /** A number with {@code decimals} digits after the point, locale-independent (CSV needs the dot). */
    public static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** Prints the table to stdout and writes the CSV; tells on stderr where. */
    public void printAndSave() {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        System.out.println(line(columns, widths));
        rows.forEach(row -> System.out.println(line(row, widths)));
        StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
        rows.forEach(row -> csv.append(String.join(",", row)).append('\n'));
        try {
            Files.createDirectories(RESULTS);
            Path file = RESULTS.resolve(name + ".csv");
            Files.writeString(file, csv);
            System.err.println("wrote " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            out.append(c == 0 ? "" : "  ").append(" ".repeat(widths[c] - cells.get(c).length())).append(cells.get(c));
        }
        return out.toString();
    }
}
