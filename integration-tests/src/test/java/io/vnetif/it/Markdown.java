package io.vnetif.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What DocsIT reads in a Markdown page: its fenced code blocks, its headings (as the anchors GitHub makes of
 * them) and its links, each with the line it is on.
 */
final class Markdown {
    /** A fenced block: the info string ({@code java}, {@code sh}, empty), the first content line (1-based), the text. */
    record Block(String info, int line, String text) {
    }

    /** A link {@code [text](target)} outside code, on line {@code line} (1-based). */
    record Link(String target, int line) {
    }

    private static final Pattern FENCE = Pattern.compile("^ {0,3}```\\s*([^`\\s]*).*$");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");

    final Path file;
    final List<String> lines;
    final List<Block> blocks = new ArrayList<>();
    final List<Link> links = new ArrayList<>();
    /** Anchor → line of its heading, in GitHub's spelling (duplicates get -1, -2, ...). */
    final Map<String, Integer> anchors = new HashMap<>();

    private Markdown(Path file) {
        this.file = file;
        try {
            this.lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        parse();
    }

    static Markdown read(Path file) {
        return new Markdown(file);
    }

    private void parse() {
        Map<String, Integer> seen = new HashMap<>();
        String info = null;
        int start = 0;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (info != null) {
                if (line.strip().equals("```")) {
                    blocks.add(new Block(info, start, text.length() == 0 ? "" : text.substring(0, text.length() - 1)));
                    info = null;
                } else {
                    text.append(line).append('\n');
                }
                continue;
            }
            if (fence.matches()) {
                info = fence.group(1);
                start = i + 2;
                text.setLength(0);
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(2));
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.put(n == 1 ? slug : slug + "-" + (n - 1), i + 1);
            }
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (link.find()) {
                links.add(new Link(link.group(2), i + 1));
            }
        }
        if (info != null) {
            throw new IllegalStateException(file + ":" + (start - 1) + ": a ``` block that is never closed");
        }
    }

    /**
     * GitHub's anchor for a heading: the rendered text (link targets, backticks and emphasis gone) in lower case,
     * everything but letters, digits, '_', '-' and spaces dropped, spaces turned into '-'.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc}\\- ]", "")
                .replace(' ', '-');
    }

    Set<String> anchorNames() {
        return new LinkedHashSet<>(anchors.keySet());
    }
}
