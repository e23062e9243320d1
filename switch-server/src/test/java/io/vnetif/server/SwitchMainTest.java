package io.vnetif.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
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
        assertThat(err.toString()).contains("'100' needs a unit: bit, kbit, mbit or gbit");
        assertThat(run("--log-level", "loud")).isEqualTo(2);
        assertThat(run("--no-such-flag")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-flag'");
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
                "--port-max-fps", "20000", "--port-max-rate", "100mbit");
        SwitchConfig config = main.config();
        assertThat(config.control().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(config.data().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(config.data().getPort()).isEqualTo(9999);
        assertThat(config.lease()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.limits().macAgingNanos()).isEqualTo(Duration.ofMinutes(2).toNanos());
        assertThat(config.limits().maxPortsPerNetwork()).isEqualTo(3);
        assertThat(config.limits().attachesPerSecond()).isEqualTo(50);
        assertThat(config.limits().portRateCap()).isEqualTo(new io.vnetif.core.RateCap(20_000, 100_000_000));
    }

    @Test
    void defaultsLimitAttachesButCapNoPort() {
        SwitchMain main = new SwitchMain();
        new CommandLine(main).parseArgs();
        SwitchConfig config = main.config();
        assertThat(config.limits().attachesPerSecond()).isEqualTo(1000);
        assertThat(config.limits().portRateCap().isNone()).isTrue();
    }

    @Test
    void aTakenDataPortIsAClearErrorNotAStackTrace() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int code = run("--control", "127.0.0.1:0", "--data", "127.0.0.1:" + taken.getLocalPort());
            assertThat(code).isEqualTo(SwitchMain.EXIT_BIND_FAILED);
            assertThat(err.toString()).contains("cannot bind the data port 127.0.0.1:" + taken.getLocalPort());
        }
    }
}
