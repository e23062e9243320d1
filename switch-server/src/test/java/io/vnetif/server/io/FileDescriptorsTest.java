package io.vnetif.server.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A new socket for a port must leave the reserve for control connections and metrics. */
class FileDescriptorsTest {
    @Test
    void aDescriptorThatWouldEatIntoTheReserveIsRefusedWithWhatToDo() {
        AtomicLong open = new AtomicLong(1000 - 256 - 2);
        FileDescriptors fds = new FileDescriptors(open::get, () -> 1000);
        assertThat(fds.shortOf(256, "a raw-UDP port's socket")).isNull();
        open.incrementAndGet();
        assertThat(fds.shortOf(256, "a raw-UDP port's socket")).as("the last one outside the reserve").isNull();
        open.incrementAndGet();
        assertThat(fds.shortOf(256, "a raw-UDP port's socket")).isEqualTo("no file descriptor left for a raw-UDP port's socket: 744 of "
                + "the switch's 1000 are open and 256 are kept for control connections and metrics (--reserved-fds); raise the switch's "
                + "limit (ulimit -n) or detach raw-UDP ports");
    }

    @Test
    void thisProcessHasALimitAndOpenDescriptors() {
        FileDescriptors fds = FileDescriptors.ofThisProcess();
        assertThat(fds.limit()).isPositive();
        assertThat(fds.shortOf(0, "a test")).isNull();
    }
}
