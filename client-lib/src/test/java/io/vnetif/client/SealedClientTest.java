package io.vnetif.client;

import static io.vnetif.client.TestFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.vnetif.api.DropReason;
import io.vnetif.api.MacAddress;
import io.vnetif.client.TestFrames.Collector;
import io.vnetif.wire.DataCipher;
import io.vnetif.wire.DatagramHeader;
import io.vnetif.wire.SealedCodec;
import io.vnetif.wire.SecretCodec;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An encrypted remote interface against a switch played by the test: what it sends, and what it refuses and counts. */
class SealedClientTest {
    private static final byte[] KEY = new byte[DataCipher.KEY_LENGTH];
    private static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:02");

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (0xA0 + i);
        }
    }

    private ScriptedSwitch sw;
    private VirtualSwitch lan;

    private ScriptedSwitch withKey(String cipher) throws Exception {
        return new ScriptedSwitch(SealedCodec.forSwitch(DataCipher.AES_256_GCM, KEY),
                b -> b.setDataKey(ByteString.copyFrom(KEY)).setDataCipher(cipher));
    }

    private Vnetif attachEncrypted() {
        lan = VirtualSwitch.remote(sw.target());
        return lan.attach(NicOptions.builder().network("lab").encrypted(true).build());
    }

    @AfterEach
    void stop() {
        if (lan != null) {
            lan.close();
        }
        sw.close();
    }

    private static byte[] bytes(String text) {
        return frame(MacAddress.parse(ScriptedSwitch.MAC), PEER, text).array();
    }

    @Test
    void framesLeaveSealedWithThePortKey() throws Exception {
        sw = withKey("AES-256-GCM");
        Vnetif nic = attachEncrypted();
        byte[] sent = frame(PEER, nic.mac(), "secret payload").array();
        nic.write(ByteBuffer.wrap(sent));
        assertThat(sw.frames.poll(5, TimeUnit.SECONDS)).as("opened by the switch's end").isEqualTo(sent);
        assertThat(sw.datagrams).allSatisfy(d -> assertThat(DatagramHeader.isSealed(d[DatagramHeader.TYPE_OFFSET])).isTrue());
    }

    @Test
    void replayedAndTamperedDatagramsAreDroppedAndCountedByReason() throws Exception {
        sw = withKey("AES-256-GCM");
        Vnetif nic = attachEncrypted();
        Collector rx = new Collector();
        nic.listen(rx);

        byte[] once = sw.datagram(bytes("once"));
        sw.send(once);
        sw.send(once);
        byte[] tampered = sw.datagram(bytes("tampered"));
        tampered[tampered.length - 1] ^= (byte) 0x80;
        sw.send(tampered);
        SealedCodec wrongKey = SealedCodec.forSwitch(DataCipher.AES_256_GCM, new byte[32]);
        for (int i = 0; i < 10; i++) {
            ScriptedSwitch.datagram(wrongKey, null); // past the numbers used so far: the tag, not the window, must refuse it
        }
        sw.send(ScriptedSwitch.datagram(wrongKey, bytes("wrong key")));
        sw.send(ScriptedSwitch.datagram(new SecretCodec(ScriptedSwitch.SECRET), bytes("plain")));
        sw.send(sw.datagram(bytes("marker")));

        rx.awaitCount(2);
        assertThat(rx.texts()).containsExactly("once", "marker");
        assertThat(nic.stats().rxDropped()).isEqualTo(4);
        assertThat(nic.stats().rxRefused()).isEqualTo(Map.of(DropReason.REPLAYED, 1L, DropReason.BAD_TAG, 2L,
                DropReason.SEAL_MISMATCH, 1L));
    }

    @Test
    void datagramsFromAnyoneButTheSwitchAreRefused() throws Exception {
        sw = withKey("AES-256-GCM");
        Vnetif nic = attachEncrypted();
        Collector rx = new Collector();
        nic.listen(rx);
        byte[] genuine = sw.datagram(bytes("via a stranger"));
        try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            stranger.send(new DatagramPacket(genuine, genuine.length, sw.client()));
        }
        sw.send(sw.datagram(bytes("marker")));
        rx.awaitCount(1);
        assertThat(rx.texts()).containsExactly("marker");
        assertThat(nic.stats().rxRefused()).isEqualTo(Map.of(DropReason.WRONG_SOURCE_ENDPOINT, 1L));
    }

    @Test
    void framesShorterThanAHeaderOrLongerThanTheMtuAreRefused() throws Exception {
        sw = new ScriptedSwitch(new SecretCodec(ScriptedSwitch.SECRET), b -> { });
        lan = VirtualSwitch.remote(sw.target());
        Vnetif nic = lan.attach(NicOptions.builder().network("lab").build());
        Collector rx = new Collector();
        nic.listen(rx);
        sw.send(sw.datagram(new byte[13]));
        sw.send(sw.datagram(java.util.Arrays.copyOf(bytes("x"), 1500 + 15)));
        sw.send(sw.datagram(bytes("marker")));
        rx.awaitCount(1);
        assertThat(rx.texts()).containsExactly("marker");
        assertThat(nic.stats().rxRefused()).isEqualTo(Map.of(DropReason.FRAME_TOO_SHORT, 1L, DropReason.FRAME_TOO_LONG, 1L));
    }

    @Test
    void aSwitchThatAnswersWithoutAKeyMakesTheAttachFail() throws Exception {
        sw = new ScriptedSwitch(new SecretCodec(ScriptedSwitch.SECRET), b -> { });
        assertThatThrownBy(this::attachEncrypted).isInstanceOf(VnetifException.class)
                .hasMessageContaining("attached port 42 without a data key: it does not support encrypted interfaces");
        assertThat(sw.detaches).as("a client that gives up on encryption detaches the port it got").containsExactly(42);
    }

    @Test
    void anUnknownCipherMakesTheAttachFail() throws Exception {
        sw = withKey("ROT13");
        assertThatThrownBy(this::attachEncrypted).isInstanceOf(VnetifException.class)
                .hasMessageContaining("unusable data key: unknown data cipher 'ROT13' (known: AES-256-GCM, CHACHA20-POLY1305)");
        assertThat(sw.detaches).containsExactly(42);
    }
}
