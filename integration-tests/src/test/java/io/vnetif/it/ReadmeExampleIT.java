package io.vnetif.it;

import io.vnetif.junit.ChildProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.examples.QuickStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's example compiles (it is in the examples module), runs, and the README quotes it as it is. */
class ReadmeExampleIT {
    private static final Path ROOT = Path.of(System.getProperty("vnetif.readme", "../README.md")).getParent();

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
    void theReadmeQuotesTheExamplesVerbatim() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains(snippet("examples/src/main/java/io/vnetif/examples/QuickStart.java"));
        assertThat(readme).contains(snippet("examples/src/test/java/io/vnetif/examples/StopAndWaitTest.java"));
        assertThat(readme).contains(snippet("examples/src/test/java/io/vnetif/examples/MultiJvmExamplesTest.java"));
        assertThat(readme).contains(snippet("examples/src/test/java/io/vnetif/examples/HelloTest.java"));
    }

    /** The lines between the README markers, without the markers' indentation. */
    private static String snippet(String file) throws Exception {
        List<String> source = Files.readAllLines(ROOT.resolve(file));
        String marker = source.stream().filter(l -> l.strip().equals("// README:begin")).findFirst().orElseThrow();
        int indent = marker.indexOf("//");
        int begin = source.indexOf(marker);
        int end = source.indexOf(" ".repeat(indent) + "// README:end");
        assertThat(end).as("README:end in " + file).isGreaterThan(begin);
        return source.subList(begin + 1, end).stream()
                .map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
                .collect(Collectors.joining("\n"));
    }
}
