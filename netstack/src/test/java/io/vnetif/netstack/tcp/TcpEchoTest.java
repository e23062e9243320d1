package io.vnetif.netstack.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.core.VirtualLan;
import io.vnetif.netstack.stats.Counter;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Data both ways at once. Options must shrink the data to keep every segment within the MSS (the first
 * version sent segments too large for the path, dropped by its own IP layer); and a window update lost
 * while the window was too small to use must not stall the sender (seed 9 found it: the persist timer now
 * covers small windows too).
 */
class TcpEchoTest {
    @ParameterizedTest(name = "loss {0}, seed {1}")
    @CsvSource({"0, 1", "0.05, 7", "0.05, 8", "0.02, 9"})
    void anEchoReturnsEveryByteThroughLoss(double loss, long seed) throws Exception {
        VirtualLan lan = new VirtualLan(seed);
        lan.loss = loss;
        TcpConfig config = TcpConfig.DEFAULTS.toBuilder().minRto(20_000_000).build();
        VirtualLan.Host a = lan.host("198.19.0.5", config);
        VirtualLan.Host b = lan.host("198.19.0.7", config);
        byte[] data = new byte[1 << 20];
        new Random(seed).nextBytes(data);
        Echo echo = new Echo(lan, a, b, data);
        assertThat(echo.run(60_000_000_000L)).as("the echo came back: %s", echo.describe()).isTrue();
        assertThat(echo.returned()).isEqualTo(data);
        assertThat(a.stack.counters().get(Counter.DROP_IP_TOO_LARGE) + b.stack.counters().get(Counter.DROP_IP_TOO_LARGE))
                .as("segments larger than the path").isZero();
    }
}
