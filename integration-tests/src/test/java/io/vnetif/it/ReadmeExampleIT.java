package io.vnetif.it;

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
             ForkedJvm example = ForkedJvm.main("example", QuickStart.class, List.of(sw.control()))) {
            example.expect("^bob got: hello world$", Duration.ofSeconds(30));
            example.expect("^bob   \\S+ NicStats\\[rxFrames=1, rxBytes=25,", Duration.ofSeconds(10));
            assertThat(example.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void theExampleRunsOnTheInProcessSwitch() throws Exception {
        try (ForkedJvm example = ForkedJvm.main("example", QuickStart.class, List.of("--in-process"))) {
            example.expect("^bob got: hello world$", Duration.ofSeconds(30));
            assertThat(example.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void theReadmeQuotesTheExampleVerbatim() throws Exception {
        List<String> source = Files.readAllLines(ROOT.resolve("examples/src/main/java/io/vnetif/examples/QuickStart.java"));
        int begin = source.indexOf("        // README:begin");
        int end = source.indexOf("        // README:end");
        assertThat(begin).isPositive();
        String snippet = source.subList(begin + 1, end).stream()
                .map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .collect(Collectors.joining("\n"));
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains(snippet);
    }
}
