package io.vnetif.netstack.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.core.VirtualLan;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Byte streams between two stacks on virtual time, clean and impaired: every byte arrives, in order. */
class TcpTransferTest {
    private static final long S = 1_000_000_000L;

    private static byte[] data(int size, long seed) {
        byte[] d = new byte[size];
        new Random(seed).nextBytes(d);
        return d;
    }

    @Test
    void aMegabyteCrossesACleanLan() throws Exception {
        VirtualLan lan = new VirtualLan(1);
        VirtualLan.Host a = lan.host("198.19.0.1", TcpConfig.DEFAULTS);
        VirtualLan.Host b = lan.host("198.19.0.2", TcpConfig.DEFAULTS);
        byte[] data = data(1 << 20, 1);
        Transfer t = new Transfer(lan, a, b, data);
        assertThat(t.run(60 * S)).as("transfer ended").isTrue();
        assertThat(t.received()).isEqualTo(data);
        assertThat(t.sender().info().retransmits()).isZero();
    }

    private static TcpConfig config(String cc, boolean sack, boolean timestamps) {
        return TcpConfig.DEFAULTS.toBuilder().congestionControl(cc).sack(sack).timestamps(timestamps).build();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} sack={1} ts={2} loss={3} reorder={4} dup={5} corrupt={6}")
    @org.junit.jupiter.params.provider.CsvSource({
        "cubic, true, true, 0.01, 0, 0, 0",
        "cubic, true, true, 0.05, 0, 0, 0",
        "newreno, false, true, 0.05, 0, 0, 0",
        "newreno, false, false, 0.01, 0, 0, 0",
        "cubic, true, false, 0.02, 0, 0, 0",
        "cubic, true, true, 0, 0.1, 0, 0",
        "cubic, true, true, 0, 0, 0.05, 0",
        "cubic, true, true, 0, 0, 0, 0.01",
        "newreno, true, true, 0.03, 0.05, 0.02, 0.005"})
    void everyByteArrivesThroughImpairments(String cc, boolean sack, boolean ts, double loss, double reorder, double dup, double corrupt)
            throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            VirtualLan lan = new VirtualLan(seed);
            lan.loss = loss;
            lan.reorder = reorder;
            lan.duplicate = dup;
            lan.corrupt = corrupt;
            lan.delayNanos = 1_000_000;
            VirtualLan.Host a = lan.host("198.19.0.1", config(cc, sack, ts));
            VirtualLan.Host b = lan.host("198.19.0.2", config(cc, sack, ts));
            byte[] data = data(256 * 1024, seed);
            Transfer t = new Transfer(lan, a, b, data);
            long start = lan.now();
            assertThat(t.run(600 * S)).as("seed %d: transfer ended", seed).isTrue();
            assertThat(t.received()).as("seed %d", seed).isEqualTo(data);
            System.out.printf("%s sack=%s ts=%s loss=%.2f seed=%d: %.3f s virtual, %d retransmits, %s%n", cc, sack, ts, loss, seed,
                    (lan.now() - start) / 1e9, t.sender().info().retransmits(), t.sender().info().line());
        }
    }
}
