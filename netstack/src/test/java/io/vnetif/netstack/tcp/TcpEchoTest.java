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
 * covers small windows too). An echo that reads only what it can write back (a relay of 8192 bytes, as
 * InputStream.transferTo) shuts its window while it sends, and the client's ACKs must still reach it (seed
 * 106: an ACK moved SND.UNA on a retransmission and the window was kept, so the client sent past the shut
 * window; seed 919: a zero-window probe's byte; either way the client's ACKs were numbered past that window
 * and dropped, and both ends backed off for minutes, as NetStackSocketsTest's echo did in CI).
 */
class TcpEchoTest {
    @ParameterizedTest(name = "loss {0}, seed {1}, relay {2}")
    @CsvSource({"0, 1, 0", "0.05, 7, 0", "0.05, 8, 0", "0.02, 9, 0", "0.05, 106, 8192", "0.05, 919, 8192"})
    void anEchoReturnsEveryByteThroughLoss(double loss, long seed, int relay) throws Exception {
        VirtualLan lan = new VirtualLan(seed);
        lan.loss = loss;
        TcpConfig config = TcpConfig.DEFAULTS.toBuilder().minRto(20_000_000).build();
        VirtualLan.Host a = lan.host("198.19.0.5", config);
        VirtualLan.Host b = lan.host("198.19.0.7", config);
        byte[] data = new byte[1 << 20];
        new Random(seed).nextBytes(data);
        Echo echo = new Echo(lan, a, b, data, relay == 0 ? data.length : relay); // 0: the echo reads all it can
        assertThat(echo.run(60_000_000_000L)).as("the echo came back: %s", echo.describe()).isTrue();
        assertThat(echo.returned()).isEqualTo(data);
        assertThat(a.stack.counters().get(Counter.DROP_IP_TOO_LARGE) + b.stack.counters().get(Counter.DROP_IP_TOO_LARGE))
                .as("segments larger than the path").isZero();
    }
}
