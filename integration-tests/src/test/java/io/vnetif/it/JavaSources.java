package io.vnetif.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The project's compiled Java sources ({@code MODULE/src/.../*.java}) as DocsIT reads them: the regions between
 * {@code // docs:begin NAME} and {@code // docs:end NAME} that pages quote, and the text of every comment.
 */
final class JavaSources {
    /** A marked region: its name, where it is, its lines without the begin marker's indentation. */
    record Region(String name, Path file, int line, String text) {
    }

    /** The comment text on one line of a source file. */
    record CommentLine(Path file, int line, String text) {
    }

    private static final Pattern BEGIN = Pattern.compile("^(\\s*)// docs:begin (\\S+)\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// docs:end (\\S+)\\s*$");

    private JavaSources() {
    }

    /** Every {@code *.java} below a module's {@code src}, never generated code under {@code target}. */
    static List<Path> all(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        Path rel = root.relativize(p);
                        return rel.getNameCount() > 2 && rel.getName(1).toString().equals("src")
                                && !rel.toString().contains("/target/") && !rel.startsWith(".git");
                    })
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The marked regions of {@code file}; a begin without its end, or an end without a begin, fails. */
    static List<Region> regions(Path file) {
        List<String> source = lines(file);
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            Matcher begin = BEGIN.matcher(source.get(i));
            if (!begin.matches()) {
                Matcher end = END.matcher(source.get(i));
                if (end.matches()) {
                    throw new IllegalStateException(file + ":" + (i + 1) + ": docs:end " + end.group(1) + " without its docs:begin");
                }
                continue;
            }
            int indent = begin.group(1).length();
            String name = begin.group(2);
            int close = -1;
            for (int j = i + 1; j < source.size() && close < 0; j++) {
                Matcher end = END.matcher(source.get(j));
                if (end.matches()) {
                    if (!end.group(1).equals(name)) {
                        throw new IllegalStateException(file + ":" + (j + 1) + ": docs:end " + end.group(1) + " inside region " + name);
                    }
                    close = j;
                } else if (BEGIN.matcher(source.get(j)).matches()) {
                    throw new IllegalStateException(file + ":" + (j + 1) + ": a docs:begin inside region " + name);
                }
            }
            if (close < 0) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": docs:begin " + name + " without its docs:end");
            }
            String text = source.subList(i + 1, close).stream()
                    .map(l -> l.length() >= indent && l.substring(0, indent).isBlank() ? l.substring(indent) : l.strip())
                    .collect(Collectors.joining("\n"));
            regions.add(new Region(name, file, i + 1, text));
            i = close;
        }
        return regions;
    }

    /**
     * The comments of {@code file}, line by line: what follows {@code //}, what is inside {@code /* ... *}{@code /},
     * never the inside of a string, character or text block.
     */
    static List<CommentLine> comments(Path file) {
        String s = String.join("\n", lines(file)) + "\n";
        List<CommentLine> out = new ArrayList<>();
        StringBuilder comment = new StringBuilder();
        int line = 1;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                int eol = s.indexOf('\n', i);
                out.add(new CommentLine(file, line, s.substring(i + 2, eol)));
                i = eol;
            } else if (s.startsWith("/*", i)) {
                int close = s.indexOf("*/", i + 2);
                int stop = close < 0 ? s.length() : close;
                for (int j = i + 2; j < stop; j++) {
                    if (s.charAt(j) == '\n') {
                        out.add(new CommentLine(file, line, comment.toString()));
                        comment.setLength(0);
                        line++;
                    } else {
                        comment.append(s.charAt(j));
                    }
                }
                out.add(new CommentLine(file, line, comment.toString()));
                comment.setLength(0);
                i = close < 0 ? s.length() : close + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                int close = s.indexOf("\"\"\"", i + 3);
                int stop = close < 0 ? s.length() : close + 3;
                line += (int) s.substring(i, stop).chars().filter(ch -> ch == '\n').count();
                i = stop;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = j < s.length() && s.charAt(j) == c ? j + 1 : j;
            } else {
                if (c == '\n') {
                    line++;
                }
                i++;
            }
        }
        return out;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
