package io.vnetif.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SwitchMainTest {
    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = SwitchMain.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void badFlagsExitWithUsageErrorsNamingTheFlag() {
        assertThat(run("--control", "localhost")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--control': 'localhost' has no port");
        assertThat(run("--data", "127.0.0.1:70000")).isEqualTo(2);
        assertThat(err.toString()).contains("port 70000 out of range");
        assertThat(run("--lease", "0s")).isEqualTo(2);
        assertThat(err.toString()).contains("'0s' must be longer than zero");
        assertThat(run("--lease", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
        assertThat(run("--max-networks", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-networks': 0 (must be at least 1)");
        assertThat(run("--max-attaches-per-second", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-attaches-per-second': -1 (must be 0 or more)");
        assertThat(run("--port-max-fps", "-5")).isEqualTo(2);
        assertThat(err.toString()).contains("--port-max-fps': -5 (must be 0 or more)");
        assertThat(run("--port-max-rate", "fast")).isEqualTo(2);
        assertThat(err.toString()).contains("--port-max-rate': 'fast' is not a rate (e.g. 10mbit, 512kbit)");
        assertThat(run("--port-max-rate", "100")).isEqualTo(2);
        assertThat(err.toString()).contains("'100' has no unit (bit, kbit, mbit, gbit)");
        assertThat(run("--log-level", "loud")).isEqualTo(2);
        assertThat(run("--no-such-flag")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-flag'");
    }

    @Test
    void tlsAndTokenFlagsThatDoNotFitExitWithUsageErrorsNamingFlagAndFile(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        String cert = pki.serverCertificate().toString();
        String key = pki.serverKey().toString();
        Path missing = dir.resolve("missing.pem");
        Path empty = Files.writeString(dir.resolve("empty-token"), " \n");
        assertThat(run("--tls-cert", cert)).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-cert needs --tls-key");
        assertThat(run("--tls-key", key)).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-key needs --tls-cert");
        assertThat(run("--tls-client-ca", pki.ca().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-client-ca needs --tls-cert");
        assertThat(run("--tls-cert", missing.toString(), "--tls-key", key)).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--tls-cert': " + missing + ": cannot read it");
        assertThat(run("--tls-cert", key, "--tls-key", key)).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--tls-cert': " + key + ": no certificate in it");
        Path corrupt = Files.writeString(dir.resolve("corrupt.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThat(run("--tls-cert", corrupt.toString(), "--tls-key", key)).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--tls-cert': " + corrupt + ": not a valid PEM certificate");
        assertThat(run("--tls-cert", cert, "--tls-key", cert)).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--tls-key': " + cert + ": no private key in it");
        assertThat(run("--tls-cert", cert, "--tls-key", pki.clientKey().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--tls-key': " + pki.clientKey()
                + ": the private key does not belong to the certificate CN=vnetif test switch");
        assertThat(run("--tls-cert", cert, "--tls-key", key, "--tls-client-ca", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--tls-client-ca': " + missing + ": cannot read it");
        assertThat(run("--token-file", empty.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--token-file': " + empty + ": the token file is empty");
        assertThat(run("--token-file", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--token-file': " + missing + ": cannot read it");
    }

    @Test
    void tlsAndTokenFlagsBecomeTheConfig(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
        SwitchMain main = new SwitchMain();
        new CommandLine(main).parseArgs("--tls-cert", pki.serverCertificate().toString(), "--tls-key", pki.serverKey().toString(),
                "--tls-client-ca", pki.ca().toString(), "--token-file", token.toString());
        SwitchConfig config = main.config();
        assertThat(config.controlSecurity()).isEqualTo("tls=mutual token=on");
        assertThat(config.tokens().grantOf("Bearer s3cret")).isSameAs(io.vnetif.server.tenancy.Grant.EVERYTHING);
        assertThat(SwitchConfig.loopback(0, 0).controlSecurity()).isEqualTo("tls=off token=off");
    }

    @Test
    void aTokensFileScopesTheTokensAndExcludesTheSingleToken(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "ci-a aaaaaaaaaaaaaaaa0001 ci-a-* attach,observe\n");
        Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
        SwitchMain main = new SwitchMain();
        new CommandLine(main).parseArgs("--tokens", tokens.toString(), "--max-ports-per-client", "7", "--max-networks-per-client", "3",
                "--max-captures-per-client", "2", "--max-lease-streams-per-client", "5", "--max-ports-per-peer", "9", "--reserved-fds", "100");
        SwitchConfig config = main.config();
        assertThat(config.controlSecurity()).isEqualTo("tls=off token=scoped");
        assertThat(config.tokens().grantOf("Bearer aaaaaaaaaaaaaaaa0001").name()).isEqualTo("ci-a");
        assertThat(config.controlLimits()).isEqualTo(io.vnetif.server.control.ControlLimits.DEFAULTS.withPerClient(2, 5, 3)
                .withPorts(new io.vnetif.server.port.PortLimits(7, 9, 100)));
        assertThat(run("--tokens", tokens.toString(), "--token-file", token.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--token-file and --tokens exclude each other");
        Path bad = Files.writeString(dir.resolve("bad"), "ci-a aaaaaaaaaaaaaaaa0001 ci-a-* attach,rule\n");
        assertThat(run("--tokens", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--tokens': " + bad + ":1: no role 'rule'");
        assertThat(run("--max-ports-per-peer", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-ports-per-peer': 0 (must be at least 1)");
    }

    @Test
    void helpListsTheFlagsWithTheirDefaults() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--control", "127.0.0.1:7400", "--data", "127.0.0.1:7401", "--lease", "--mac-aging");
    }

    @Test
    void flagsBecomeTheConfig() {
        SwitchMain main = new SwitchMain();
        new CommandLine(main).parseArgs("--control", "[::1]:0", "--data", ":9999", "--lease", "750ms",
                "--mac-aging", "2m", "--max-ports-per-network", "3", "--max-attaches-per-second", "50",
                "--port-max-fps", "20000", "--port-max-rate", "100mbit", "--no-udp-gso", "--no-direct-io");
        SwitchConfig config = main.config();
        assertThat(config.dataPlane()).isEqualTo(new DataPlaneTuning(false, false, DataPlaneTuning.DEFAULT_MAX_LOOP_STALL));
        assertThat(config.control().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(config.data().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(config.data().getPort()).isEqualTo(9999);
        assertThat(config.lease()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.limits().macAgingNanos()).isEqualTo(Duration.ofMinutes(2).toNanos());
        assertThat(config.limits().maxPortsPerNetwork()).isEqualTo(3);
        assertThat(config.limits().attachesPerSecond()).isEqualTo(50);
        assertThat(config.limits().portRateCap()).isEqualTo(new io.vnetif.core.port.RateCap(20_000, 100_000_000));
    }

    @Test
    void durationFlagsTakeTheOneGrammarOfEveryVnetifDuration() {
        SwitchMain main = new SwitchMain();
        new CommandLine(main).parseArgs("--lease", "1.5s", "--mac-aging", "1h");
        SwitchConfig config = main.config();
        assertThat(config.lease()).as("1.5s, as vnetif impair takes it").isEqualTo(Duration.ofMillis(1500));
        assertThat(config.limits().macAgingNanos()).isEqualTo(Duration.ofHours(1).toNanos());
        new CommandLine(main).parseArgs("--lease", "PT2S");
        assertThat(main.config().lease()).as("ISO-8601, as before").isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void defaultsLimitAttachesButCapNoPortSegmentSendsAndMoveDatagramsDirectly() {
        SwitchMain main = new SwitchMain();
        new CommandLine(main).parseArgs();
        SwitchConfig config = main.config();
        assertThat(config.dataPlane()).isEqualTo(DataPlaneTuning.DEFAULTS);
        assertThat(config.limits().attachesPerSecond()).isEqualTo(1000);
        assertThat(config.limits().portRateCap().isNone()).isTrue();
    }

    @Test
    void aTakenDataPortIsAClearErrorNotAStackTrace() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int code = run("--control", "127.0.0.1:0", "--data", "127.0.0.1:" + taken.getLocalPort());
            assertThat(code).isEqualTo(SwitchMain.EXIT_BIND_FAILED);
            assertThat(err.toString()).contains("cannot bind the data port 127.0.0.1:" + taken.getLocalPort())
                    .contains("(is another switch running? stop it, or give this one another --data)");
        }
    }

    @Test
    void aBadFlagIsItsLineAndWhereTheHelpIsNotTheWholeHelp() {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("vnetif-switch: Unknown option: '--bogus'",
                "see 'java -jar vnetif-switch.jar --help'");
    }
}
