package io.vnetif.netstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * The readers of the wire formats take any bytes: each says what is wrong or nothing, never throws and never
 * reads outside what it was told is there, and what they accept holds together.
 */
class WireParsersPropertiesTest {
    @Property(tries = 2000)
    void tcpOptionsSayWhatIsWrongOrReadOnlyWhatIsThere(@ForAll @Size(max = 40) byte[] options) {
        // The options sit between guard bytes: read with two different guards, the results must not differ.
        TcpOptions o = new TcpOptions();
        String wrong = o.read(guarded(options, (byte) 0x55), 8, 8 + options.length);
        String read = wrong + " " + o.mss + " " + o.windowScale + " " + o.sackPermitted + " " + o.timestamps + " " + o.sackBlocks;
        TcpOptions other = new TcpOptions();
        String otherWrong = other.read(guarded(options, (byte) 0xAA), 8, 8 + options.length);
        assertThat(otherWrong + " " + other.mss + " " + other.windowScale + " " + other.sackPermitted + " " + other.timestamps + " "
                + other.sackBlocks).as("what was read, whatever lies beyond the options").isEqualTo(read);
        Statistics.label("options").collect(wrong == null ? "read" : "refused");
        if (wrong == null) {
            assertThat(o.sackBlocks).isBetween(0, TcpOptions.MAX_SACK_BLOCKS);
            assertThat(o.windowScale).isBetween(-1, TcpOptions.MAX_WINDOW_SCALE);
            assertThat(o.mss).isBetween(-1, 0xFFFF);
        } else {
            assertThat(wrong).isNotBlank();
        }
        Statistics.label("options").coverage(c -> {
            c.check("read").count(n -> n > 0);
            c.check("refused").count(n -> n > 0);
        });
    }

    private static byte[] guarded(byte[] bytes, byte guard) {
        byte[] f = new byte[bytes.length + 16];
        java.util.Arrays.fill(f, guard);
        System.arraycopy(bytes, 0, f, 8, bytes.length);
        return f;
    }

    @Property(tries = 2000)
    void anIpv4HeaderIsCheckedWithinWhatArrived(@ForAll @Size(max = 80) byte[] packet, @ForAll @IntRange(min = 0, max = 80) int claimed) {
        int available = Math.min(claimed, packet.length);
        String wrong = Ipv4Header.invalid(packet, 0, available);
        if (wrong == null) {
            assertThat(Ipv4Header.headerLength(packet, 0)).isBetween(Ipv4Header.MIN_LENGTH, available);
            assertThat(Ipv4Header.totalLength(packet, 0)).isBetween(Ipv4Header.headerLength(packet, 0), available);
        }
    }

    @Property(tries = 2000)
    void anArpPacketIsCheckedWithinWhatArrived(@ForAll @Size(max = 40) byte[] packet, @ForAll @IntRange(min = 0, max = 40) int claimed) {
        int available = Math.min(claimed, packet.length);
        String wrong = ArpPacket.invalid(packet, 0, available);
        if (wrong == null) {
            assertThat(available).isGreaterThanOrEqualTo(ArpPacket.LENGTH);
            assertThat(ArpPacket.operation(packet, 0)).isIn(ArpPacket.REQUEST, ArpPacket.REPLY);
        }
    }
}
