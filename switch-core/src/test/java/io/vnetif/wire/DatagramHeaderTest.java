package io.vnetif.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vnetif.api.DropReason;
import org.junit.jupiter.api.Test;

class DatagramHeaderTest {
    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replace(" ", "")));
    }

    /** The HELLO example of WIRE.md, byte for byte. */
    @Test
    void writesTheHelloOfTheSpec() {
        ByteBuf out = Unpooled.buffer();
        DatagramHeader.write(out, DatagramHeader.TYPE_HELLO, 0x2A, 0x0123456789ABCDEFL);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("564e01020000002a0123456789abcdef");
    }

    @Test
    void readsTheFrameExampleOfTheSpec() {
        ByteBuf d = hex("564e0101 0000002a 0123456789abcdef"
                + "ffffffffffff 020000000001 88b5 68656c6c6f");
        assertThat(DatagramHeader.check(d)).isNull();
        assertThat(DatagramHeader.type(d)).isEqualTo(DatagramHeader.TYPE_FRAME);
        assertThat(DatagramHeader.portId(d)).isEqualTo(42);
        assertThat(DatagramHeader.secret(d)).isEqualTo(0x0123456789ABCDEFL);
    }

    @Test
    void portIdsAboveTwoToThe31AreCarriedUnsigned() {
        ByteBuf out = Unpooled.buffer();
        DatagramHeader.write(out, DatagramHeader.TYPE_FRAME, 0xFFFFFFFE, -1L);
        assertThat(Integer.toUnsignedLong(DatagramHeader.portId(out))).isEqualTo(0xFFFFFFFEL);
        assertThat(DatagramHeader.secret(out)).isEqualTo(-1L);
    }

    @Test
    void checkNamesWhatIsWrong() {
        assertThat(DatagramHeader.check(hex("564e0101 0000002a 0123456789ab"))).isEqualTo(DropReason.MALFORMED);
        assertThat(DatagramHeader.check(hex("474554200000002a0123456789abcdef"))).isEqualTo(DropReason.BAD_MAGIC);
        assertThat(DatagramHeader.check(hex("564e02010000002a0123456789abcdef"))).isEqualTo(DropReason.BAD_VERSION);
        assertThat(DatagramHeader.check(hex("564e01070000002a0123456789abcdef"))).isEqualTo(DropReason.BAD_TYPE);
        assertThat(DatagramHeader.check(hex("564e01020000002a0123456789abcdef00"))).isEqualTo(DropReason.MALFORMED);
        assertThat(DatagramHeader.check(Unpooled.buffer().writeZero(DatagramHeader.MAX_DATAGRAM_LENGTH + 1)))
                .isEqualTo(DropReason.DATAGRAM_TOO_LARGE);
    }

    @Test
    void eachTypeHasItsLengths() {
        String sealedHeader = "564e0103 0000002a 0000000000000001";
        assertThat(DatagramHeader.check(hex(sealedHeader + "00".repeat(15)))).as("no room for the tag").isEqualTo(DropReason.MALFORMED);
        assertThat(DatagramHeader.check(hex(sealedHeader + "00".repeat(16)))).as("empty frame, tag").isNull();
        String sealedHello = "564e0104 0000002a 0000000000000001";
        assertThat(DatagramHeader.check(hex(sealedHello + "00".repeat(16)))).isNull();
        assertThat(DatagramHeader.check(hex(sealedHello + "00".repeat(17)))).isEqualTo(DropReason.MALFORMED);
        assertThat(DatagramHeader.check(hex(sealedHello))).isEqualTo(DropReason.MALFORMED);

        ByteBuf plain = Unpooled.buffer();
        DatagramHeader.write(plain, DatagramHeader.TYPE_FRAME, 42, 1L);
        plain.writeZero(DatagramHeader.MAX_PLAIN_DATAGRAM_LENGTH - DatagramHeader.LENGTH);
        assertThat(DatagramHeader.check(plain)).isNull();
        assertThat(DatagramHeader.check(plain.writeZero(1))).isEqualTo(DropReason.DATAGRAM_TOO_LARGE);
        ByteBuf sealed = Unpooled.buffer();
        DatagramHeader.write(sealed, DatagramHeader.TYPE_SEALED_FRAME, 42, 1L);
        sealed.writeZero(DatagramHeader.MAX_DATAGRAM_LENGTH - DatagramHeader.LENGTH);
        assertThat(DatagramHeader.check(sealed)).as("the largest frame and its tag").isNull();
        assertThat(DatagramHeader.check(sealed.writeZero(1))).isEqualTo(DropReason.DATAGRAM_TOO_LARGE);
    }

    @Test
    void checkReadsRelativeToTheReaderIndex() {
        ByteBuf d = hex("ffff 564e0102 0000002a 0123456789abcdef");
        d.skipBytes(2);
        assertThat(DatagramHeader.check(d)).isNull();
        assertThat(DatagramHeader.portId(d)).isEqualTo(42);
    }
}
