package io.vnetif.netstack.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.core.VirtualLan;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever the LAN does to frames — loss, duplication, reordering, corruption, jitter — and whichever TCP
 * options both ends use, a byte stream arrives whole and in order, one way and echoed both ways (by an echo
 * that reads all it can, or only what it can write back). A stall (no timer left, bytes missing) fails as
 * surely as a wrong byte.
 */
class TcpStreamPropertiesTest {
    private static final long LIMIT = 600_000_000_000L;

    @Property(tries = 300)
    void everyByteArrivesInOrderAndComesBack(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @DoubleRange(min = 0, max = 0.15) double loss, @ForAll @DoubleRange(min = 0, max = 0.1) double reorder,
            @ForAll @DoubleRange(min = 0, max = 0.05) double duplicate, @ForAll @DoubleRange(min = 0, max = 0.01) double corrupt,
            @ForAll @IntRange(min = 0, max = 2_000) int jitterMicros, @ForAll boolean sack, @ForAll boolean timestamps,
            @ForAll boolean cubic, @ForAll boolean echo, @ForAll boolean backpressure) throws Exception {
        VirtualLan lan = new VirtualLan(seed);
        lan.loss = loss;
        lan.reorder = reorder;
        lan.duplicate = duplicate;
        lan.corrupt = corrupt;
        lan.jitterNanos = jitterMicros * 1_000L;
        TcpConfig config = TcpConfig.DEFAULTS.toBuilder().sack(sack).timestamps(timestamps)
                .congestionControl(cubic ? "cubic" : "newreno").minRto(20_000_000).build();
        VirtualLan.Host a = lan.host("198.19.0.1", config);
        VirtualLan.Host b = lan.host("198.19.0.2", config);
        byte[] data = new byte[64 * 1024 + new Random(seed).nextInt(192 * 1024)];
        new Random(seed).nextBytes(data);
        Statistics.label("impaired").collect(loss > 0.02 ? "loss" : reorder > 0.05 ? "reorder" : "mild");
        Statistics.label("mode").collect(echo ? (backpressure ? "echo reading what it writes back" : "echo") : "transfer");
        Statistics.label("impaired").coverage(c -> c.check("loss").count(n -> n > 0));
        Statistics.label("mode").coverage(c -> {
            c.check("echo").count(n -> n > 0);
            c.check("echo reading what it writes back").count(n -> n > 0);
            c.check("transfer").count(n -> n > 0);
        });
        if (echo) {
            // With backpressure the echo reads only what it can write back (InputStream.transferTo's 8192 bytes),
            // so its window shuts while it sends.
            Echo e = new Echo(lan, a, b, data, backpressure ? 8192 : data.length);
            assertThat(e.run(LIMIT)).as("the echo came back: %s", e.describe()).isTrue();
            assertThat(e.returned()).isEqualTo(data);
        } else {
            Transfer t = new Transfer(lan, a, b, data);
            assertThat(t.run(LIMIT)).as("transfer ended: %s", t.sender().info()).isTrue();
            assertThat(t.received()).isEqualTo(data);
        }
    }
}
