package io.vnetif.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vnetif.api.DropReason;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The sealed datagrams of WIRE.md section 5, byte for byte, and every way one is refused. */
class SealedCodecTest {
    /** The example key of WIRE.md: bytes 0x00 to 0x1f. */
    private static final byte[] KEY = new byte[32];
    private static final int PORT = 42;
    /** The broadcast "hello" frame of the plain examples. */
    private static final String FRAME = "ffffffffffff 020000000001 88b5 68656c6c6f";

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) i;
        }
    }

    /** The examples of WIRE.md: client HELLO (seq 1), the switch's answer (seq 1), client FRAME (seq 2). */
    private record Example(String clientHello, String switchHello, String clientFrame) {
        static Example of(DataCipher cipher) {
            return switch (cipher) {
                case AES_256_GCM -> new Example(
                        "564e0104 0000002a 0000000000000001 6a116d43b1ee1ebc9f960708988f54a9",
                        "564e0104 0000002a 0000000000000001 5f6127a3245155720f8921fd96fe5a04",
                        "564e0103 0000002a 0000000000000002 368ed1824bb4d8d1b90d3c10fff483e9ea7b5a"
                                + " 8d17ce5e8dd155d708f346aa0fc0da61");
                case CHACHA20_POLY1305 -> new Example(
                        "564e0104 0000002a 0000000000000001 7084454caf1e1e270f65911517cd9bfc",
                        "564e0104 0000002a 0000000000000001 01b705609e5acb28e15d88e3640d8e6e",
                        "564e0103 0000002a 0000000000000002 b2354f08f5826554cd3eb8cc4545217d4b9f75"
                                + " 88d81b614c50a9d096c068cad7c4e2e7");
            };
        }
    }

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replace(" ", "")));
    }

    private static String hexOf(ByteBuf b) {
        return ByteBufUtil.hexDump(b);
    }

    @ParameterizedTest
    @EnumSource(DataCipher.class)
    void writesTheExamplesOfTheSpecByteForByte(DataCipher cipher) {
        Example example = Example.of(cipher);
        SealedCodec client = SealedCodec.forClient(cipher, KEY);
        SealedCodec sw = SealedCodec.forSwitch(cipher, KEY);

        ByteBuf hello = Unpooled.buffer();
        client.write(hello, PORT, null);
        assertThat(hexOf(hello)).isEqualTo(example.clientHello().replace(" ", ""));
        ByteBuf answer = Unpooled.buffer();
        sw.write(answer, PORT, null);
        assertThat(hexOf(answer)).isEqualTo(example.switchHello().replace(" ", ""));
        ByteBuf frame = Unpooled.buffer();
        client.write(frame, PORT, hex(FRAME));
        assertThat(hexOf(frame)).isEqualTo(example.clientFrame().replace(" ", ""));
    }

    @ParameterizedTest
    @EnumSource(DataCipher.class)
    void opensTheExamplesOfTheSpec(DataCipher cipher) {
        Example example = Example.of(cipher);
        SealedCodec sw = SealedCodec.forSwitch(cipher, KEY);
        SealedCodec client = SealedCodec.forClient(cipher, KEY);

        ByteBuf hello = hex(example.clientHello());
        assertThat(DatagramHeader.check(hello)).isNull();
        assertThat(sw.open(hello)).isNull();
        assertThat(hello.readableBytes()).as("no frame").isEqualTo(DatagramHeader.LENGTH);

        ByteBuf frame = hex(example.clientFrame());
        assertThat(DatagramHeader.check(frame)).isNull();
        assertThat(DatagramHeader.type(frame)).isEqualTo(DatagramHeader.TYPE_SEALED_FRAME);
        assertThat(DatagramHeader.sequence(frame)).isEqualTo(2);
        assertThat(sw.open(frame)).isNull();
        assertThat(hexOf(frame.skipBytes(DatagramHeader.LENGTH))).isEqualTo(FRAME.replace(" ", ""));

        assertThat(client.open(hex(example.switchHello()))).isNull();
    }

    @Test
    void everyTamperedBitIsRefused() {
        String genuine = Example.of(DataCipher.AES_256_GCM).clientFrame();
        int length = hex(genuine).readableBytes();
        for (int at = 0; at < length; at++) {
            for (int bit = 0; bit < 8; bit++) {
                ByteBuf d = hex(genuine);
                d.setByte(at, d.getByte(at) ^ (1 << bit));
                DropReason verdict = DatagramHeader.check(d);
                if (verdict == null) {
                    verdict = SealedCodec.forSwitch(DataCipher.AES_256_GCM, KEY).open(d);
                }
                if (at < DatagramHeader.PORT_ID_OFFSET) { // magic, version, type: refused as such
                    assertThat(verdict).as("byte %d bit %d", at, bit).isIn(DropReason.BAD_MAGIC, DropReason.BAD_VERSION,
                            DropReason.BAD_TYPE, DropReason.MALFORMED, DropReason.SEAL_MISMATCH);
                } else { // port id, sequence number, ciphertext, tag: by the tag (sequence number 0 is never fresh)
                    assertThat(verdict).as("byte %d bit %d", at, bit)
                            .isEqualTo(DatagramHeader.sequence(d) == 0 ? DropReason.REPLAYED : DropReason.BAD_TAG);
                }
            }
        }
    }

    @Test
    void aForgeryDoesNotMoveTheWindowAndAReplayIsRefused() {
        String genuine = Example.of(DataCipher.AES_256_GCM).clientFrame();
        SealedCodec sw = SealedCodec.forSwitch(DataCipher.AES_256_GCM, KEY);
        ByteBuf forged = hex(genuine);
        forged.setByte(40, forged.getByte(40) ^ 1);
        assertThat(sw.open(forged)).isEqualTo(DropReason.BAD_TAG);
        assertThat(sw.open(hex(genuine))).as("the genuine datagram still opens").isNull();
        assertThat(sw.open(hex(genuine))).isEqualTo(DropReason.REPLAYED);
        assertThat(sw.open(hex(Example.of(DataCipher.AES_256_GCM).clientHello()))).as("seq 1, late but unseen").isNull();
    }

    @Test
    void aWrongKeyOrCipherIsABadTag() {
        byte[] other = KEY.clone();
        other[31] ^= 1;
        String frame = Example.of(DataCipher.AES_256_GCM).clientFrame();
        assertThat(SealedCodec.forSwitch(DataCipher.AES_256_GCM, other).open(hex(frame))).isEqualTo(DropReason.BAD_TAG);
        assertThat(SealedCodec.forSwitch(DataCipher.CHACHA20_POLY1305, KEY).open(hex(frame))).isEqualTo(DropReason.BAD_TAG);
    }

    /** The direction is in the nonce: a datagram reflected back to its sender does not open. */
    @Test
    void aReflectedDatagramIsABadTag() {
        SealedCodec client = SealedCodec.forClient(DataCipher.AES_256_GCM, KEY);
        ByteBuf own = Unpooled.buffer();
        client.write(own, PORT, hex(FRAME));
        assertThat(client.open(own)).isEqualTo(DropReason.BAD_TAG);
    }

    @Test
    void plainAndSealedDoNotMix() {
        SecretCodec plain = new SecretCodec(0x0123456789ABCDEFL);
        SealedCodec sealed = SealedCodec.forSwitch(DataCipher.AES_256_GCM, KEY);
        assertThat(plain.open(hex(Example.of(DataCipher.AES_256_GCM).clientFrame()))).isEqualTo(DropReason.SEAL_MISMATCH);
        ByteBuf plainFrame = Unpooled.buffer();
        plain.write(plainFrame, PORT, hex(FRAME));
        assertThat(sealed.open(plainFrame.copy())).isEqualTo(DropReason.SEAL_MISMATCH);
        assertThat(plain.open(plainFrame)).isNull();
        assertThat(new SecretCodec(1).open(plainFrame)).isEqualTo(DropReason.BAD_SECRET);
    }

    /** In place in pooled direct buffers, as the switch and the client do it, at every frame size class. */
    @ParameterizedTest
    @EnumSource(DataCipher.class)
    void framesOfEverySizeSurviveARoundTripInPlace(DataCipher cipher) {
        SealedCodec client = SealedCodec.forClient(cipher, KEY);
        SealedCodec sw = SealedCodec.forSwitch(cipher, KEY);
        Random random = new Random(1);
        for (int size : new int[] {0, 1, 14, 15, 16, 17, 60, 1514, 9014}) {
            byte[] frame = new byte[size];
            random.nextBytes(frame);
            ByteBuf d = PooledByteBufAllocator.DEFAULT.directBuffer(size + client.overhead());
            try {
                client.write(d, PORT, Unpooled.wrappedBuffer(frame));
                assertThat(d.readableBytes()).isEqualTo(size + client.overhead()).isLessThanOrEqualTo(DatagramHeader.MAX_DATAGRAM_LENGTH);
                assertThat(DatagramHeader.check(d)).isNull();
                assertThat(sw.open(d)).as("size %d", size).isNull();
                assertThat(ByteBufUtil.getBytes(d, DatagramHeader.LENGTH, d.readableBytes() - DatagramHeader.LENGTH)).isEqualTo(frame);
            } finally {
                d.release();
            }
        }
    }

    @Test
    void badKeysAndCipherNamesAreRefusedClearly() {
        assertThatThrownBy(() -> SealedCodec.forClient(DataCipher.AES_256_GCM, new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a AES-256-GCM data key has 32 bytes, not 16");
        assertThatThrownBy(() -> DataCipher.named("DES"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown data cipher 'DES' (known: AES-256-GCM, CHACHA20-POLY1305)");
        assertThat(DataCipher.named("CHACHA20-POLY1305")).isEqualTo(DataCipher.CHACHA20_POLY1305);
    }

    @Test
    void aDatagramFromAWrongSenderLeavesItsNumberToTheGenuineOne() {
        SealedCodec sw = SealedCodec.forSwitch(DataCipher.AES_256_GCM, KEY);
        String hello = Example.of(DataCipher.AES_256_GCM).clientHello();
        assertThat(sw.open(hex(hello), sender -> false, null)).isEqualTo(DropReason.WRONG_SOURCE_ENDPOINT);
        assertThat(sw.open(hex(hello), sender -> true, null)).as("the genuine datagram still opens").isNull();
        assertThat(sw.open(hex(hello), sender -> true, null)).isEqualTo(DropReason.REPLAYED);
        SecretCodec plain = new SecretCodec(0x0123456789abcdefL);
        ByteBuf plainHello = Unpooled.buffer();
        plain.write(plainHello, 42, null);
        assertThat(plain.open(plainHello.copy(), sender -> false, null)).isEqualTo(DropReason.WRONG_SOURCE_ENDPOINT);
        assertThat(plain.open(plainHello, sender -> true, null)).isNull();
    }
}
