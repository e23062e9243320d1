package io.vnetif.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    @Test
    void oneLinePerIntervalThenTheCountHeldBack() {
        AtomicLong now = new AtomicLong(1_000);
        RateLimitedLog log = new RateLimitedLog(100, now::get);
        assertThat(log.admit()).as("the first one goes").isZero();
        for (int i = 0; i < 306; i++) {
            assertThat(log.admit()).isEqualTo(-1);
            now.addAndGet(0);
        }
        now.addAndGet(99);
        assertThat(log.admit()).as("still within the interval").isEqualTo(-1);
        now.addAndGet(1);
        assertThat(log.admit()).as("the next line says how many it held back").isEqualTo(307);
        assertThat(RateLimitedLog.andMore(307, "bad requests")).isEqualTo(" (and 307 more bad requests since the last report)");
        assertThat(RateLimitedLog.andMore(0, "bad requests")).isEmpty();
    }
}
