package io.vnetif.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vnetif.examples.Chatter;
import io.vnetif.examples.Connect;
import io.vnetif.examples.ExamplesJar;
import io.vnetif.examples.QuickStart;
import io.vnetif.junit.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The readme and the pages of the docs folder stay true: the first example runs, every Java block is compiled
 * code, every link and every pointer from a Java comment leads somewhere, the readme stays short. The help texts
 * quoted in docs/cli.md#commands and docs/switch.md#flags are checked by HelpDocsTest (cli module).
 */
class DocsIT {
    private static final Path ROOT = Path.of(System.getProperty("vnetif.readme", "../README.md")).toAbsolutePath().normalize().getParent();
    private static final int README_MAX_LINES = 300;
    /** A page and heading named in a Java comment: the readme or a docs page, then # and the anchor. */
    private static final Pattern REFERENCE = Pattern.compile("(README\\.md|docs/[\\w.-]+\\.md)(#[\\p{L}\\p{N}_-]+)?");

    @Test
    void theExampleRunsAgainstAForkedSwitch() throws Exception {
        try (SwitchProcess sw = SwitchProcess.start();
             ChildProcess example = Launch.main("example", QuickStart.class, List.of(sw.control()))) {
            example.expect("^bob got: hello world$", Duration.ofSeconds(30));
            example.expect("^bob   \\S+ NicStats\\[rxFrames=1, rxBytes=25,", Duration.ofSeconds(10));
            assertThat(example.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void theExampleRunsOnTheInProcessSwitch() throws Exception {
        try (ChildProcess example = Launch.main("example", QuickStart.class, List.of("--in-process"))) {
            example.expect("^bob got: hello world$", Duration.ofSeconds(30));
            assertThat(example.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void theExampleFindsTheSwitchOfVnetifSwitchWithoutAnArgument() throws Exception {
        try (SwitchProcess sw = SwitchProcess.start()) {
            ProcessBuilder example = new ProcessBuilder(Launch.javaBinary(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    QuickStart.class.getName());
            example.environment().put("VNETIF_SWITCH", sw.control());
            try (ChildProcess run = ChildProcess.start("example", example)) {
                run.expect("^bob got: hello world$", Duration.ofSeconds(30));
                assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            }
        }
    }

    @Test
    void theExamplesJarSaysWhatItTakesAndFailsInOneLine() throws Exception {
        try (ChildProcess help = Launch.main("help", ExamplesJar.class, List.of("--help"))) {
            assertThat(help.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(help.output()).contains("Usage: java -jar vnetif-examples.jar [HOST:PORT | --in-process]");
        }
        try (ChildProcess bad = Launch.main("bad", ExamplesJar.class, List.of("127.0.0.1:99999"))) {
            assertThat(bad.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(bad.output()).containsExactly(
                    "vnetif-examples: switch address: '127.0.0.1:99999': port 99999 out of range 1..65535; see --help");
        }
        try (ChildProcess unreachable = Launch.main("unreachable", ExamplesJar.class, List.of("127.0.0.1:1"))) {
            assertThat(unreachable.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(unreachable.output()).singleElement().asString()
                    .startsWith("vnetif-examples: switch at 127.0.0.1:1 is unreachable (attach to network 'demo'): connection refused");
        }
    }

    /** The jar's other examples, which its --help and docs/testing.md#several-jvms tell readers to run by hand, fail in one line too. */
    @Test
    void theJarsOtherExamplesSayWhatTheyTakeAndFailInOneLine() throws Exception {
        try (ChildProcess help = Launch.main("help", Connect.class, List.of("--help"))) {
            assertThat(help.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(help.output()).containsExactly("Usage: java -cp vnetif-examples.jar io.vnetif.examples.Connect server | client COUNT");
        }
        try (ChildProcess bad = Launch.main("bad", Connect.class, List.of("client", "x"))) {
            assertThat(bad.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(bad.output()).containsExactly("Connect: want server, or client and a COUNT; see --help");
        }
        try (ChildProcess unreachable = Launch.command("unreachable", List.of(Launch.javaBinary(), "-Dvnetif.switch=127.0.0.1:1",
                "-cp", System.getProperty("java.class.path"), Chatter.class.getName(), "a"))) {
            assertThat(unreachable.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(unreachable.output()).singleElement().asString()
                    .startsWith("Chatter: switch at 127.0.0.1:1 is unreachable (attach to network 'chat'): connection refused");
        }
    }

    /**
     * The switch of docs/security.md#exposing-the-switch-tls-and-a-token starts beside the one of
     * README.md#quick-start, which a reader following the pages in order still runs: no address of one (its
     * flags, else the defaults the ready line of docs/switch.md#the-switch shows) is an address of the other.
     */
    @Test
    void theTlsRecipesSwitchRunsBesideTheQuickStartsSwitch() {
        Markdown switchPage = Markdown.read(ROOT.resolve("docs/switch.md"));
        Matcher ready = Pattern.compile("vnetif switch ready: control=(\\S+) data=(\\S+) transport=\\S+ metrics=(\\S+)")
                .matcher(String.join("\n", switchPage.lines));
        assertThat(ready.find()).as("docs/switch.md shows the default ready line").isTrue();
        Map<String, String> defaults = Map.of("--control", ready.group(1), "--data", ready.group(2), "--metrics", ready.group(3));
        Map<String, String> quickStart = switchAddresses(Markdown.read(ROOT.resolve("README.md")), "vnetif-switch.jar", defaults);
        Map<String, String> tls = switchAddresses(Markdown.read(ROOT.resolve("docs/security.md")), "--tls-cert", defaults);
        assertThat(tls.get("--control")).as("the recipe's own address").isEqualTo("127.0.0.2:7400");
        List<String> shared = tls.values().stream().filter(a -> !a.equals("off") && quickStart.containsValue(a)).toList();
        assertThat(shared).as("addresses both switches would bind (quick start %s, TLS recipe %s)", quickStart, tls).isEmpty();
    }

    /** The addresses the first {@code java -jar ...vnetif-switch.jar} of a sh block containing {@code marker} binds. */
    private static Map<String, String> switchAddresses(Markdown page, String marker, Map<String, String> defaults) {
        Markdown.Block block = page.blocks.stream().filter(b -> b.info().equals("sh") && b.text().contains("vnetif-switch.jar")
                && b.text().contains(marker)).findFirst().orElseThrow(() -> new AssertionError(page.file + ": no switch command with " + marker));
        String text = block.text().replace("\\\n", " ");
        Matcher host = Pattern.compile("(?m)^SWITCH_HOST=(\\S+)").matcher(text);
        if (host.find()) {
            text = text.replace("$SWITCH_HOST", host.group(1));
        }
        String command = text.lines().filter(l -> l.contains("java -jar switch-server/target/vnetif-switch.jar")).findFirst().orElseThrow();
        List<String> words = List.of(command.substring(command.indexOf("vnetif-switch.jar")).split("\\s+"));
        Map<String, String> bound = new HashMap<>(defaults);
        for (int i = 0; i < words.size(); i++) {
            for (String flag : defaults.keySet()) {
                if (words.get(i).equals(flag) && i + 1 < words.size()) {
                    bound.put(flag, words.get(i + 1));
                } else if (words.get(i).startsWith(flag + "=")) {
                    bound.put(flag, words.get(i).substring(flag.length() + 1));
                }
            }
        }
        return bound;
    }

    /** A proto with proto3 {@code optional} fields needs protoc 3.15 (older ones reject it): the proto and WIRE.md say so. */
    @Test
    void theProtoAndTheWireSpecNameTheProtocTheyNeed() throws IOException {
        String proto = Files.readString(ROOT.resolve("proto/src/main/proto/vnetif/v1/switch.proto"));
        assertThat(proto).containsPattern("(?m)^\\s+optional ");
        assertThat(proto).contains("protoc 3.15 or later");
        assertThat(Files.readString(ROOT.resolve("proto/WIRE.md"))).contains("protoc 3.15 or later");
    }

    @Test
    void theReadmeIsShort() throws IOException {
        int lines = Files.readAllLines(ROOT.resolve("README.md")).size();
        assertThat(lines).as("README.md has %d lines, at most %d allowed: move detail to a page of docs/", lines, README_MAX_LINES)
                .isLessThanOrEqualTo(README_MAX_LINES);
    }

    /** Each ```java block equals a docs:begin/docs:end region of a compiled source, and each region is quoted. */
    @Test
    void everyJavaBlockQuotesCompiledCode() {
        List<JavaSources.Region> regions = JavaSources.all(ROOT).stream()
                .flatMap(f -> JavaSources.regions(f).stream()).collect(Collectors.toList());
        Map<String, JavaSources.Region> byName = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (JavaSources.Region r : regions) {
            JavaSources.Region other = byName.putIfAbsent(r.name(), r);
            if (other != null) {
                problems.add(where(r.file(), r.line()) + ": region " + r.name() + " is also at " + where(other.file(), other.line()));
            }
        }
        Map<String, List<String>> quotedBy = new LinkedHashMap<>();
        for (Markdown page : pages()) {
            for (Markdown.Block block : page.blocks) {
                if (!block.info().equals("java")) {
                    continue;
                }
                List<JavaSources.Region> same = regions.stream().filter(r -> r.text().equals(block.text())).toList();
                if (same.isEmpty()) {
                    problems.add(where(page.file, block.line()) + ": this ```java block quotes no docs:begin/docs:end region of a "
                            + "compiled source" + closest(page, block, regions) + "\n" + indent(block.text()));
                }
                same.forEach(r -> quotedBy.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(where(page.file, block.line())));
            }
        }
        for (JavaSources.Region r : regions) {
            if (!quotedBy.containsKey(r.name())) {
                problems.add(where(r.file(), r.line()) + ": region " + r.name() + " is quoted by no page (quote it or drop the markers)");
            }
        }
        failOn(problems);
        assertThat(quotedBy).as("regions quoted").isNotEmpty();
    }

    /** [text](path) and [text](path#anchor) lead to a file, and the anchor to a heading of it. */
    @Test
    void everyRelativeLinkResolves() {
        List<String> problems = new ArrayList<>();
        Map<Path, Markdown> read = new HashMap<>();
        for (Markdown page : linkedPages()) {
            read.put(page.file, page);
        }
        for (Markdown page : linkedPages()) {
            for (Markdown.Link link : page.links) {
                String target = link.target();
                if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue;   // http:, https:, mailto:
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path file = path.isEmpty() ? page.file : page.file.getParent().resolve(path).normalize();
                String at = where(page.file, link.line()) + ": link " + target;
                if (!Files.exists(file)) {
                    problems.add(at + ": no file " + ROOT.relativize(file));
                } else if (anchor != null) {
                    if (!file.toString().endsWith(".md")) {
                        problems.add(at + ": an anchor into a file that is not Markdown");
                    } else if (!read.computeIfAbsent(file, Markdown::read).anchors.containsKey(anchor)) {
                        problems.add(at + ": " + ROOT.relativize(file) + " has no heading #" + anchor + " (it has: "
                                + String.join(", ", read.get(file).anchorNames()) + ")");
                    }
                }
            }
        }
        failOn(problems);
    }

    /**
     * A Java comment that points at the readme or a page of the docs folder names the file and a heading of it, as in
     * docs/security.md#encrypting-the-data-plane, and the file has that heading: no comment points at a section that moved.
     */
    @Test
    void javaCommentsNameExistingPagesAndHeadings() {
        List<String> problems = new ArrayList<>();
        Map<Path, Markdown> read = new HashMap<>();
        int references = 0;
        for (Path source : JavaSources.all(ROOT)) {
            for (JavaSources.CommentLine comment : JavaSources.comments(source)) {
                String text = comment.text();
                if (!text.contains("README") && !text.contains("docs/")) {
                    continue;
                }
                String at = where(comment.file(), comment.line()) + ": ";
                Matcher ref = REFERENCE.matcher(text);
                while (ref.find()) {
                    references++;
                    Path page = ROOT.resolve(ref.group(1));
                    if (!Files.exists(page)) {
                        problems.add(at + ref.group() + ": no page " + ref.group(1));
                    } else if (ref.group(2) == null) {
                        problems.add(at + ref.group() + ": name the heading too (" + ref.group(1) + "#anchor)");
                    } else if (!read.computeIfAbsent(page, Markdown::read).anchors.containsKey(ref.group(2).substring(1))) {
                        problems.add(at + ref.group() + ": " + ref.group(1) + " has no such heading (it has: "
                                + String.join(", ", read.get(page).anchorNames()) + ")");
                    }
                }
                String rest = REFERENCE.matcher(text).replaceAll("");
                if (rest.contains("README") || rest.contains("docs/")) {
                    problems.add(at + "mentions the README or docs without naming page and heading (README.md#anchor, "
                            + "docs/PAGE.md#anchor): " + text.strip());
                }
            }
        }
        failOn(problems);
        assertThat(references).as("references from Java comments found").isPositive();
    }

    /** The readme and every page of the docs folder. */
    private static List<Markdown> pages() {
        List<Markdown> pages = new ArrayList<>();
        pages.add(Markdown.read(ROOT.resolve("README.md")));
        pages.addAll(markdownIn(ROOT.resolve("docs")));
        return pages;
    }

    /** Those pages and the wire spec in proto, whose links are checked. */
    private static List<Markdown> linkedPages() {
        List<Markdown> pages = pages();
        pages.addAll(markdownIn(ROOT.resolve("proto")));
        return pages;
    }

    private static List<Markdown> markdownIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().map(Markdown::read).collect(Collectors.toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The region whose first line the block starts with, and the first line where they part. */
    private static String closest(Markdown page, Markdown.Block block, List<JavaSources.Region> regions) {
        String[] quoted = block.text().split("\n", -1);
        for (JavaSources.Region r : regions) {
            String[] region = r.text().split("\n", -1);
            if (region[0].equals(quoted[0])) {
                int i = 0;
                while (i < quoted.length && i < region.length && quoted[i].equals(region[i])) {
                    i++;
                }
                return "; region " + r.name() + " (" + where(r.file(), r.line()) + ") starts alike, but at "
                        + where(page.file, block.line() + i) + " the block has\n    " + (i < quoted.length ? quoted[i] : "(nothing)")
                        + "\n  where the region has\n    " + (i < region.length ? region[i] : "(nothing)");
            }
        }
        return "";
    }

    private static void failOn(List<String> problems) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s):\n" + String.join("\n", problems));
        }
    }

    private static String indent(String text) {
        return text.lines().limit(8).map(l -> "  | " + l).collect(Collectors.joining("\n"));
    }

    private static String where(Path file, int line) {
        return ROOT.relativize(file) + ":" + line;
    }
}
