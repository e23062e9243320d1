package io.vnetif.netstack.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The send and receive rings start small and grow as bytes come: whatever the order of segments and the
 * pace of the reader, a stream comes out exactly as it went in, and a ring never grows past its capacity.
 */
class RingsPropertiesTest {
    @Property(tries = 300)
    void theReceiveRingHandsOverTheStreamWhateverTheArrivalOrder(@ForAll @LongRange(min = 1, max = 1 << 30) long seed,
            @ForAll @IntRange(min = 1, max = 70_000) int capacity, @ForAll @IntRange(min = 1, max = 3_000) int segment) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] stream = new byte[capacity * 3 + random.nextInt(5_000)];
        random.nextBytes(stream);
        ReceiveBuffer buffer = new ReceiveBuffer(capacity, 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[capacity];
        int grew = 0;
        while (out.size() < stream.length) {
            long next = buffer.nextPosition();
            int window = Math.min(buffer.window(), stream.length - (int) next);
            if (window > 0) {
                // A segment somewhere in the window: early ones leave holes, in-order ones fill them.
                int offset = random.nextInt(4) == 0 ? 0 : random.nextInt(window);
                int len = Math.min(1 + random.nextInt(segment), window - offset);
                int before = buffer.allocated();
                buffer.store(offset, stream, (int) next + offset, len);
                grew += buffer.allocated() > before ? 1 : 0;
            }
            int taken = buffer.take(chunk, 0, random.nextInt(capacity + 1));
            out.write(chunk, 0, taken);
            assertThat(buffer.allocated()).isLessThanOrEqualTo(capacity);
        }
        assertThat(out.toByteArray()).isEqualTo(stream);
        Statistics.label("grew").collect(grew > 0);
        Statistics.label("grew").coverage(c -> c.check(true).count(n -> n > 0));
    }

    @Property(tries = 300)
    void theSendRingGivesBackWhatWasWrittenFromAnyOffset(@ForAll @LongRange(min = 1, max = 1 << 30) long seed,
            @ForAll @IntRange(min = 1, max = 70_000) int capacity) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] stream = new byte[capacity * 3 + random.nextInt(5_000)];
        random.nextBytes(stream);
        SendBuffer buffer = new SendBuffer(capacity);
        int written = 0;
        int acknowledged = 0;
        while (acknowledged < stream.length) {
            written += buffer.write(stream, written, Math.min(stream.length - written, random.nextInt(capacity + 1)));
            assertThat(buffer.allocated()).isLessThanOrEqualTo(capacity);
            if (buffer.length() > 0) {
                int offset = random.nextInt(buffer.length());
                int len = 1 + random.nextInt(buffer.length() - offset);
                byte[] segment = new byte[len];
                buffer.copyOut(offset, segment, 0, len);
                assertThat(segment).isEqualTo(Arrays.copyOfRange(stream, acknowledged + offset, acknowledged + offset + len));
                int acked = random.nextInt(buffer.length() + 1);
                buffer.consume(acked);
                acknowledged += acked;
            }
        }
        assertThat(written).isEqualTo(stream.length);
    }
}
