package io.vnetif.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames travel to the listener in reused slots: each delivery shows exactly its own frame, and a steady stream allocates nothing. */
class RxDispatcherTest {
    private final NicCounters counters = new NicCounters();

    private RxDispatcher dispatcher(int capacity) {
        // Listeners run on the offering thread: one thread, so what it allocates is all there is.
        return new RxDispatcher(NicOptions.builder().listenerQueueCapacity(capacity).listenerExecutor(Runnable::run).build(), counters, "test");
    }

    private static ByteBuf frame(int length, int mark) {
        ByteBuf f = Unpooled.buffer(length + 10).writeZero(5); // the frame sits behind other bytes, as in a datagram
        for (int i = 0; i < length; i++) {
            f.writeByte(mark + i);
        }
        return f.writeZero(5);
    }

    private static byte[] copy(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void everyDeliveryShowsItsOwnFrameWhateverTheSizesBeforeIt() {
        RxDispatcher rx = dispatcher(4);
        List<byte[]> seen = new ArrayList<>();
        rx.listen(f -> {
            seen.add(copy(f));
            f.position(f.limit()); // a listener may consume the buffer: the next delivery starts afresh
        });
        int[] lengths = {1500, 60, 9014, 14, 300};
        for (int i = 0; i < lengths.length; i++) {
            assertThat(rx.offer(frame(lengths[i], i), 5, lengths[i])).isTrue();
        }
        assertThat(seen).hasSize(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            assertThat(seen.get(i)).isEqualTo(io.netty.buffer.ByteBufUtil.getBytes(frame(lengths[i], i), 5, lengths[i]));
        }
        assertThat(counters.snapshot().rxFrames()).isEqualTo(lengths.length);
    }

    @Test
    void queuedFramesKeepTheirBytesUntilDelivered() {
        List<byte[]> seen = new ArrayList<>();
        List<Runnable> later = new ArrayList<>();
        RxDispatcher rx = new RxDispatcher(NicOptions.builder().listenerQueueCapacity(3).listenerExecutor(later::add).build(), counters, "test");
        rx.listen(f -> seen.add(copy(f)));
        for (int i = 0; i < 4; i++) {
            rx.offer(frame(100 + i, i * 10), 5, 100 + i);
        }
        assertThat(counters.snapshot().rxDropped()).as("the fourth found the queue full").isEqualTo(1);
        later.forEach(Runnable::run);
        assertThat(seen).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(seen.get(i)).isEqualTo(io.netty.buffer.ByteBufUtil.getBytes(frame(100 + i, i * 10), 5, 100 + i));
        }
        assertThat(rx.flushAndStop(Duration.ZERO)).isTrue();
    }

    @Test
    void aSteadyStreamAllocatesNothingPerFrame() {
        RxDispatcher rx = dispatcher(64);
        long[] sum = new long[1];
        rx.listen(f -> sum[0] += f.get(0));
        ByteBuf frame = frame(1500, 1);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 50_000; i++) { // warm: interpreter, JIT
            rx.offer(frame, 5, 1500);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 50_000; i++) {
            rx.offer(frame, 5, 1500);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sum[0]).isEqualTo(100_000);
        assertThat(allocated).as("bytes allocated delivering 50 000 frames").isLessThan(50_000);
    }
}
