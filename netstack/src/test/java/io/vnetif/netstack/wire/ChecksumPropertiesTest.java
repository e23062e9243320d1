package io.vnetif.netstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/** The checksum against RFC 1071 as written: 16-bit words, added with end-around carry, one at a time. */
class ChecksumPropertiesTest {
    @Property(tries = 2000)
    void equalsTheChecksumOfRfc1071WordByWord(@ForAll @Size(max = 3000) byte[] bytes, @ForAll @IntRange(max = 16) int skip,
            @ForAll @IntRange(max = 16) int cut, @ForAll long pseudo) {
        int at = Math.min(skip, bytes.length);
        int length = Math.max(0, bytes.length - at - cut);
        Statistics.label("length").collect(length % 8 == 0 ? "multiple of 8" : length % 2 == 0 ? "even" : "odd");
        Statistics.label("length").coverage(c -> {
            c.check("odd").count(n -> n > 0);
            c.check("even").count(n -> n > 0);
        });
        long start = pseudo >>> 40; // an unfolded pseudo-header sum, as callers add one
        assertThat(Checksum.finish(start + Checksum.sum(bytes, at, length))).isEqualTo(reference(start, bytes, at, length));
    }

    private static int reference(long start, byte[] b, int at, int length) {
        long sum = start;
        for (int i = 0; i < length; i += 2) {
            int word = (b[at + i] & 0xFF) << 8 | (i + 1 < length ? b[at + i + 1] & 0xFF : 0);
            sum += word;
            sum = (sum & 0xFFFF) + (sum >>> 16); // end-around carry at once
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) ~sum & 0xFFFF;
    }
}
