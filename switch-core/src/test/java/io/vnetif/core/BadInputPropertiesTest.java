package io.vnetif.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vnetif.api.DropReason;
import io.vnetif.api.MacAddress;
import io.vnetif.core.port.CounterSnapshot;
import io.vnetif.core.port.Port;
import io.vnetif.core.port.PortSpec;
import io.vnetif.wire.DatagramHeader;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Property tests: any bytes at the codec and the engine are either accepted or a counted drop, never an exception. */
class BadInputPropertiesTest {
    @Property(tries = 2000)
    void theHeaderCheckNeverThrowsAndAcceptsOnlyWellFormedHeaders(@ForAll @Size(max = 9100) byte[] datagram) {
        ByteBuf buf = Unpooled.wrappedBuffer(datagram);
        DropReason verdict = DatagramHeader.check(buf);
        if (verdict == null) {
            assertThat(datagram.length).isBetween(DatagramHeader.LENGTH, DatagramHeader.MAX_DATAGRAM_LENGTH);
            assertThat(buf.getUnsignedShort(0)).isEqualTo(DatagramHeader.MAGIC);
            assertThat(buf.getUnsignedByte(2)).isEqualTo((short) DatagramHeader.VERSION);
            assertThat(DatagramHeader.type(buf)).isIn(DatagramHeader.TYPE_FRAME, DatagramHeader.TYPE_HELLO,
                    DatagramHeader.TYPE_SEALED_FRAME, DatagramHeader.TYPE_SEALED_HELLO);
        }
    }

    /** Well-formed headers with a mutated byte: still either accepted or named. */
    @Property(tries = 2000)
    void mutatedHeadersAreNamed(@ForAll("mutatedHello") byte[] datagram) {
        DropReason verdict = DatagramHeader.check(Unpooled.wrappedBuffer(datagram));
        assertThat(verdict).isIn(null, DropReason.MALFORMED, DropReason.BAD_MAGIC, DropReason.BAD_VERSION, DropReason.BAD_TYPE);
    }

    @Provide
    Arbitrary<byte[]> mutatedHello() {
        return Arbitraries.integers().between(0, DatagramHeader.LENGTH - 1).flatMap(at -> Arbitraries.bytes().map(value -> {
            ByteBuf b = Unpooled.buffer();
            DatagramHeader.write(b, DatagramHeader.TYPE_HELLO, 7, 7L);
            b.setByte(at, value);
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        }));
    }

    /** Every frame a port sends is counted once and ends delivered or dropped under a reason: nothing vanishes. */
    @Property(tries = 200)
    void everyFrameIsDeliveredOrACountedDrop(@ForAll @Size(max = 50) List<@Size(max = 9100) byte[]> frames) {
        SwitchEngine engine = new SwitchEngine(SwitchLimits.DEFAULTS, System::nanoTime, new SplittableRandom(1), (task, d) -> task.run());
        Port a = engine.attach("lab", new PortSpec(MacAddress.parse("02:00:00:00:00:0a"), 1500, "", false), frame -> null);
        Port b = engine.attach("lab", new PortSpec(MacAddress.parse("02:00:00:00:00:0b"), 1500, "", false), frame -> null);
        for (byte[] f : frames) {
            if (f.length >= 12) {
                System.arraycopy(a.mac().toBytes(), 0, f, 6, 6); // half of them get a's source MAC, the rest are spoofed
            }
            engine.ingress(a, Unpooled.wrappedBuffer(f));
        }
        CounterSnapshot sa = a.counters().snapshot();
        CounterSnapshot sb = b.counters().snapshot();
        long dropsA = sa.drops().values().stream().mapToLong(Long::longValue).sum();
        long dropsB = sb.drops().values().stream().mapToLong(Long::longValue).sum();
        assertThat(sa.txFrames()).isEqualTo(frames.size());
        assertThat(dropsA + sb.rxFrames() + dropsB).as("each frame: dropped at a, delivered to b, or dropped at b").isEqualTo(frames.size());
    }
}
