package io.vnetif.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.testing.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every benchmark of docs/performance.md#performance can be run again from this repository alone: the scripts
 * and the page name no file outside it, every file of the repository they name exists, and the reference
 * relays the scripts compare against (bench/relays) build.
 */
class ReproducibleBenchTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A file of the repository as a script names it ({@code $root/bench/relays/relay.c}) or the page does. */
    private static final Pattern SCRIPT_PATH = Pattern.compile("\\$root/([\\w./-]+)");
    private static final Pattern PAGE_PATH = Pattern.compile("`((?:bench|switch-server|cli)/[\\w./-]+)`");

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("bench"))) {
            return files.filter(f -> f.toString().endsWith(".sh")).sorted().toList();
        }
    }

    @Test
    void theScriptsNameNothingOutsideTheRepositoryAndEverythingTheyNameIsInIt() throws Exception {
        assertThat(scripts()).extracting(p -> p.getFileName().toString()).contains("kernel-stacks.sh", "ping-trace.sh", "topology.sh");
        List<String> problems = new ArrayList<>();
        for (Path script : scripts()) {
            String text = Files.readString(script);
            if (text.contains("shared/") || text.contains("ANCHORS") || text.contains("$root/..")) {
                problems.add(script.getFileName() + " reaches outside the repository");
            }
            Matcher named = SCRIPT_PATH.matcher(text);
            while (named.find()) {
                // bench/target holds this module's own jar: packaged after its tests run, so absent in a fresh clone's build
                boolean output = named.group(1).startsWith("bench/results") || named.group(1).startsWith("bench/target/");
                if (!output && !Files.exists(ROOT.resolve(named.group(1)))) {
                    problems.add(script.getFileName() + " names " + named.group(1) + ", which is not in the repository");
                }
            }
            Process syntax = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
            assertThat(syntax.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (syntax.exitValue() != 0) {
                problems.add(script.getFileName() + ": " + new String(syntax.getInputStream().readAllBytes()).strip());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void thePageNamesOnlyFilesOfTheRepository() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/performance.md"));
        assertThat(page).doesNotContain("shared/bench").doesNotContainIgnoringCase("the issue");
        Matcher named = PAGE_PATH.matcher(page);
        List<String> missing = new ArrayList<>();
        while (named.find()) {
            String path = named.group(1);
            if (!path.startsWith("bench/results") && !path.contains("*") && !Files.exists(ROOT.resolve(path))) {
                missing.add(path);
            }
        }
        assertThat(missing).as("files docs/performance.md names").isEmpty();
    }

    @Test
    void theReferenceRelaysBuild(@TempDir Path out) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", out.toString(), ROOT.resolve("bench/relays/NioRelay.java").toString())).isZero();
        assertThat(out.resolve("NioRelay.class")).exists();

        Requirements.require(onPath("gcc"), "no gcc to build the C relay with (apt-get install gcc)");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", out.resolve("relay").toString(), ROOT.resolve("bench/relays/relay.c").toString())
                .redirectErrorStream(true).start();
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gcc.exitValue()).as(new String(gcc.getInputStream().readAllBytes())).isZero();
        // Run without arguments, the relay says how it is used: it was built for this machine and starts.
        Process usage = new ProcessBuilder(out.resolve("relay").toString()).redirectErrorStream(true).start();
        assertThat(usage.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(usage.exitValue()).isEqualTo(2);
        assertThat(new String(usage.getInputStream().readAllBytes())).contains("usage: relay PORT A B");
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
