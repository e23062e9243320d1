package io.vnetif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.proto.security.AccessToken;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.server.RunningSwitch;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.tenancy.Tenants;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The vnetif command with a scoped token: it shows the job its own networks, and says what it may not do. */
class VnetifCliTenancyTest {
    private static final String A = "job-a-token-0123456789";
    private static final String B = "job-b-token-0123456789";

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int vnetif(RunningSwitch sw, Path token, String... args) {
        CommandLine cli = VnetifCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--switch=" + sw.server().controlTarget(), "--token-file", token.toString()));
        return cli.execute(all.toArray(new String[0]));
    }

    @Test
    void aJobSeesItsOwnNetworksAndIsToldWhatItMayNotDo() throws Exception {
        Path tokens = Files.write(dir.resolve("tokens"), List.of("job-a " + A + " ci-a-* attach,impair,observe",
                "job-b " + B + " ci-b-* attach,impair,observe"));
        Path b = Files.writeString(dir.resolve("b"), B + "\n");
        try (RunningSwitch sw = RunningSwitch.start(SwitchConfig.loopback(0, 0).withTokens(Tenants.read(tokens)))) {
            sw.stub().withCallCredentials(AccessToken.of(A).callCredentials()).attach(AttachRequest.newBuilder().setNetwork("ci-a-1").build());
            sw.stub().withCallCredentials(AccessToken.of(B).callCredentials()).attach(AttachRequest.newBuilder().setNetwork("ci-b-1").build());

            assertThat(vnetif(sw, b, "stats")).isZero();
            assertThat(out.toString()).contains("ci-b-1").doesNotContain("ci-a-1")
                    .as("the switch's books are not a job's: no ledger line that would read all zero").doesNotContain("switch: received");
            assertThat(vnetif(sw, b, "impair", "--network", "ci-a-1", "loss", "100%")).isEqualTo(1);
            assertThat(err.toString()).contains("vnetif impair: PERMISSION_DENIED: token 'job-b' may not impair on network 'ci-a-1'");
        }
    }
}
