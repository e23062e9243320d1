package io.vnetif.netstack.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * A socket's ring of datagrams, IPv4 and IPv6 records mixed, wrapping around its end at any byte: each
 * datagram comes out with the address, port and bytes it went in with, in order, and the ring takes one
 * only when it fits.
 */
class RecordRingPropertiesTest {
    /** What went in: the family, the address (4 or 16 bytes), port and data. */
    private record Datagram(boolean v6, byte[] address, int port, byte[] data) {
    }

    @Property(tries = 300)
    void datagramsOfBothFamiliesComeOutAsTheyWentIn(@ForAll @LongRange(min = 1, max = 1 << 30) long seed,
            @ForAll @IntRange(min = 30, max = 5_000) int capacity) {
        SplittableRandom random = new SplittableRandom(seed);
        RecordRing ring = new RecordRing(capacity);
        ArrayDeque<Datagram> model = new ArrayDeque<>();
        int wrapped = 0;
        int refused = 0;
        long bytesIn = 0;
        for (int step = 0; step < 200; step++) {
            if (random.nextBoolean()) {
                boolean v6 = random.nextBoolean();
                byte[] address = new byte[v6 ? 16 : 4];
                random.nextBytes(address);
                byte[] data = new byte[random.nextInt(capacity / 2)];
                random.nextBytes(data);
                int port = random.nextInt(65_536);
                if (!ring.fits(v6, data.length)) {
                    refused++;
                    continue;
                }
                ring.add(v6 ? 0 : ByteBuffer.wrap(address).getInt(), v6 ? address : null, 0, port, data, 0, data.length);
                model.add(new Datagram(v6, address, port, data));
                bytesIn += 5 + address.length + data.length;
                wrapped += bytesIn > capacity ? 1 : 0;
            } else if (!model.isEmpty()) {
                Datagram d = model.poll();
                assertThat(ring.peekIsV6()).isEqualTo(d.v6());
                byte[] address = new byte[d.address().length];
                if (d.v6()) {
                    ring.peekIp6(address, 0);
                } else {
                    ByteBuffer.wrap(address).putInt(ring.peekIp());
                }
                assertThat(address).isEqualTo(d.address());
                assertThat(ring.peekPort()).isEqualTo(d.port());
                assertThat(ring.peekLength()).isEqualTo(d.data().length);
                byte[] out = new byte[d.data().length];
                assertThat(ring.take(out, 0, out.length)).isEqualTo(out.length);
                assertThat(Arrays.equals(out, d.data())).isTrue();
            }
            assertThat(ring.records()).isEqualTo(model.size());
        }
        Statistics.label("wrapped").collect(wrapped > 0);
        Statistics.label("wrapped").coverage(c -> c.check(true).count(n -> n > 0));
        Statistics.label("refused").collect(refused > 0);
        Statistics.label("refused").coverage(c -> c.check(true).count(n -> n > 0));
    }
}
