package io.vnetif.server.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.DropCount;
import io.vnetif.proto.v1.DropReason;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.PortInfo;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.RunningSwitch;
import io.vnetif.server.SwitchConfig;
import io.vnetif.wire.DataCipher;
import io.vnetif.wire.DatagramHeader;
import io.vnetif.wire.PortCodec;
import io.vnetif.wire.SealedCodec;
import io.vnetif.wire.SecretCodec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Encrypted native ports, played by UDP sockets that seal and open with {@link SealedCodec} (WIRE.md section 5). */
class SealedPortTest {
    private RunningSwitch running;
    private SwitchServiceGrpc.SwitchServiceBlockingStub stub;

    /** A client of one port: its socket and its end of the port's codec. */
    private final class Client implements AutoCloseable {
        final AttachResponse attached;
        final PortCodec codec;
        final DatagramSocket socket;

        Client(AttachResponse attached, PortCodec codec) throws IOException {
            this.attached = attached;
            this.codec = codec;
            this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(5_000);
        }

        byte[] datagram(byte[] frame) {
            return SealedPortTest.datagram(codec, attached.getPortId(), frame);
        }

        void send(byte[] datagram) throws IOException {
            socket.send(new DatagramPacket(datagram, datagram.length, running.server().dataAddress()));
        }

        /** Sends a HELLO and waits for the switch's answer to open: the port is bound to this socket. */
        void hello() throws IOException {
            send(datagram(null));
            assertThat(DatagramHeader.isHello(DatagramHeader.type(receive()))).isTrue();
        }

        /** The next datagram from the switch, opened: the frame between reader index + 16 and writer index. */
        ByteBuf receive() throws IOException {
            DatagramPacket p = new DatagramPacket(new byte[DatagramHeader.MAX_DATAGRAM_LENGTH], DatagramHeader.MAX_DATAGRAM_LENGTH);
            socket.receive(p);
            ByteBuf d = Unpooled.wrappedBuffer(Arrays.copyOf(p.getData(), p.getLength()));
            assertThat(DatagramHeader.check(d)).isNull();
            assertThat(DatagramHeader.portId(d)).isEqualTo(attached.getPortId());
            assertThat(codec.open(d)).isNull();
            return d;
        }

        byte[] receiveFrame() throws IOException {
            ByteBuf d = receive();
            return ByteBufUtil.getBytes(d, d.readerIndex() + DatagramHeader.LENGTH, d.readableBytes() - DatagramHeader.LENGTH);
        }

        byte[] broadcast(String text) {
            byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] f = new byte[14 + payload.length];
            Arrays.fill(f, 0, 6, (byte) 0xFF);
            String[] mac = attached.getMac().split(":");
            for (int i = 0; i < 6; i++) {
                f[6 + i] = (byte) Integer.parseInt(mac[i], 16);
            }
            f[12] = (byte) 0x88;
            f[13] = (byte) 0xB5;
            System.arraycopy(payload, 0, f, 14, payload.length);
            return f;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** A datagram for {@code frame}, or a HELLO for {@code null}. */
    private static byte[] datagram(PortCodec codec, int portId, byte[] frame) {
        ByteBuf out = Unpooled.buffer();
        codec.write(out, portId, frame == null ? null : Unpooled.wrappedBuffer(frame));
        return ByteBufUtil.getBytes(out);
    }

    @BeforeEach
    void start() throws Exception {
        running = RunningSwitch.start(SwitchConfig.loopback(0, 0));
        stub = running.stub();
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private AttachResponse attach(boolean encrypt) {
        return stub.attach(AttachRequest.newBuilder().setNetwork("lab").setEncrypt(encrypt).build());
    }

    private Client sealed() throws IOException {
        AttachResponse r = attach(true);
        return new Client(r, SealedCodec.forClient(DataCipher.named(r.getDataCipher()), r.getDataKey().toByteArray()));
    }

    private Client plain() throws IOException {
        AttachResponse r = attach(false);
        return new Client(r, new SecretCodec(r.getSecret()));
    }

    private long drops(Client c, DropReason reason) {
        return stub.getStats(GetStatsRequest.getDefaultInstance()).getPortsList().stream()
                .filter(p -> p.getPortId() == c.attached.getPortId())
                .flatMap(p -> p.getCounters().getDropsList().stream())
                .filter(d -> d.getReason() == reason).mapToLong(DropCount::getCount).sum();
    }

    /** Drops booked switch-wide, on no port. */
    private long unattributed(DropReason reason) {
        return stub.getStats(GetStatsRequest.getDefaultInstance()).getUnattributedDropsList().stream()
                .filter(d -> d.getReason() == reason).mapToLong(DropCount::getCount).sum();
    }

    /** Every drop counted on the client's port. */
    private long allDrops(Client c) {
        return stub.getStats(GetStatsRequest.getDefaultInstance()).getPortsList().stream()
                .filter(p -> p.getPortId() == c.attached.getPortId())
                .flatMap(p -> p.getCounters().getDropsList().stream()).mapToLong(DropCount::getCount).sum();
    }

    private PortInfo listing(Client c) {
        return stub.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList().stream()
                .filter(p -> p.getPortId() == c.attached.getPortId()).findFirst().orElseThrow();
    }

    @Test
    void anEncryptedAttachGetsAFreshKeyAndTheCipher() throws Exception {
        AttachResponse a = attach(true);
        AttachResponse b = attach(true);
        assertThat(a.getDataKey().size()).isEqualTo(DataCipher.KEY_LENGTH);
        assertThat(a.getDataKey()).isNotEqualTo(b.getDataKey());
        assertThat(a.getDataCipher()).isEqualTo("AES-256-GCM");
        AttachResponse p = attach(false);
        assertThat(p.getDataKey().isEmpty()).isTrue();
        assertThat(p.getDataCipher()).isEmpty();
        assertThat(stub.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList())
                .extracting(PortInfo::getPortId, PortInfo::getEncrypted).containsExactlyInAnyOrder(
                        tuple(a.getPortId(), true), tuple(b.getPortId(), true), tuple(p.getPortId(), false));
    }

    @Test
    void encryptedAndPlainPortsExchangeFramesEachInItsOwnFormat() throws Exception {
        try (Client s1 = sealed(); Client s2 = sealed(); Client p = plain()) {
            s1.hello();
            s2.hello();
            p.hello();
            byte[] fromSealed = s1.broadcast("from a sealed port");
            s1.send(s1.datagram(fromSealed));
            assertThat(s2.receiveFrame()).isEqualTo(fromSealed);
            assertThat(p.receiveFrame()).as("opened on the way in, plain on the way out").isEqualTo(fromSealed);

            byte[] fromPlain = p.broadcast("from a plain port");
            p.send(p.datagram(fromPlain));
            assertThat(s1.receiveFrame()).as("sealed on the way out").isEqualTo(fromPlain);
            assertThat(s2.receiveFrame()).isEqualTo(fromPlain);
        }
    }

    @Test
    void aTamperedByteIsABadTagAndTheFrameIsNotForwarded() throws Exception {
        try (Client a = sealed(); Client b = sealed()) {
            a.hello();
            b.hello();
            byte[] tampered = a.datagram(a.broadcast("tampered"));
            tampered[DatagramHeader.LENGTH + 3] ^= 0x01;
            a.send(tampered);
            byte[] marker = a.broadcast("marker");
            a.send(a.datagram(marker));
            assertThat(b.receiveFrame()).as("the tampered frame never arrived").isEqualTo(marker);
            assertThat(unattributed(DropReason.BAD_TAG)).isEqualTo(1);
            assertThat(allDrops(a)).as("nothing proved the sender owns the port: not its drop").isZero();
        }
    }

    @Test
    void aReplayedDatagramIsCountedAndNotForwardedTwice() throws Exception {
        try (Client a = sealed(); Client b = sealed()) {
            a.hello();
            b.hello();
            byte[] captured = a.datagram(a.broadcast("once"));
            a.send(captured);
            assertThat(b.receiveFrame()).isEqualTo(a.broadcast("once"));
            a.send(captured);
            byte[] marker = a.broadcast("marker");
            a.send(a.datagram(marker));
            assertThat(b.receiveFrame()).isEqualTo(marker);
            assertThat(unattributed(DropReason.REPLAYED)).isEqualTo(1);
            assertThat(allDrops(a)).isZero();
        }
    }

    @Test
    void aWrongKeyIsDroppedAndCounted() throws Exception {
        try (Client a = sealed()) {
            byte[] wrong = a.attached.getDataKey().toByteArray();
            wrong[0] ^= 1;
            a.send(datagram(SealedCodec.forClient(DataCipher.AES_256_GCM, wrong), a.attached.getPortId(), null));
            await().atMost(Duration.ofSeconds(5)).until(() -> unattributed(DropReason.BAD_TAG) == 1);
            assertThat(allDrops(a)).isZero();
            assertThat(listing(a).getDataEndpoint()).as("a forged HELLO binds nothing").isEmpty();
        }
    }

    /** The endpoint binding cannot be taken over with a captured datagram, nor with a plain HELLO carrying the secret. */
    @Test
    void neitherAReplayNorThePlainFormatMovesTheBinding() throws Exception {
        try (Client a = sealed(); DatagramSocket attacker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] captured = a.datagram(null);
            a.send(captured);
            assertThat(DatagramHeader.isHello(DatagramHeader.type(a.receive()))).isTrue();
            String bound = listing(a).getDataEndpoint();

            attacker.send(new DatagramPacket(captured, captured.length, running.server().dataAddress()));
            byte[] plainHello = datagram(new SecretCodec(a.attached.getSecret()), a.attached.getPortId(), null);
            attacker.send(new DatagramPacket(plainHello, plainHello.length, running.server().dataAddress()));
            await().atMost(Duration.ofSeconds(5)).until(() -> unattributed(DropReason.REPLAYED) == 1
                    && unattributed(DropReason.SEAL_MISMATCH) == 1);
            assertThat(allDrops(a)).isZero();
            assertThat(listing(a).getDataEndpoint()).isEqualTo(bound);
            attacker.setSoTimeout(200);
            assertThat(receivesNothing(attacker)).as("no answer to the attacker").isTrue();
        }
    }

    /** A copy from a wrong endpoint that arrives first is refused without using up the genuine datagram's number. */
    @Test
    void aCopyFromAnotherSocketDoesNotBurnTheGenuineDatagram() throws Exception {
        try (Client a = sealed(); Client b = sealed(); DatagramSocket attacker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            a.hello();
            b.hello();
            byte[] genuine = a.datagram(a.broadcast("genuine"));
            attacker.send(new DatagramPacket(genuine, genuine.length, running.server().dataAddress())); // the copy overtakes it
            await().atMost(Duration.ofSeconds(5)).until(() -> drops(a, DropReason.WRONG_SOURCE_ENDPOINT) == 1);
            a.send(genuine);
            assertThat(b.receiveFrame()).isEqualTo(a.broadcast("genuine"));
            assertThat(drops(a, DropReason.REPLAYED)).isZero();
        }
    }

    private static boolean receivesNothing(DatagramSocket s) throws IOException {
        try {
            s.receive(new DatagramPacket(new byte[64], 64));
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    @Test
    void aSealedDatagramForAPlainPortIsASealMismatch() throws Exception {
        try (Client p = plain()) {
            p.send(datagram(SealedCodec.forClient(DataCipher.AES_256_GCM, new byte[32]), p.attached.getPortId(), null));
            await().atMost(Duration.ofSeconds(5)).until(() -> unattributed(DropReason.SEAL_MISMATCH) == 1);
            assertThat(allDrops(p)).isZero();
        }
    }

    /**
     * Whoever learns a port's id (listings show it) can send datagrams naming it: a wrong secret, a
     * wrong key, the wrong format. None of them may show as the port's drops, or a stranger could make a
     * tenant's counters say its own traffic fails.
     */
    @Test
    void aStrangerNamingAPortCannotInflateItsDropCounters() throws Exception {
        try (Client plain = plain(); Client sealed = sealed(); DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            plain.hello();
            sealed.hello();
            byte[][] forged = {
                datagram(new SecretCodec(plain.attached.getSecret() ^ 1), plain.attached.getPortId(), plain.broadcast("x")),
                datagram(SealedCodec.forClient(DataCipher.AES_256_GCM, new byte[32]), plain.attached.getPortId(), null),
                datagram(SealedCodec.forClient(DataCipher.AES_256_GCM, new byte[32]), sealed.attached.getPortId(), sealed.broadcast("x")),
                datagram(new SecretCodec(sealed.attached.getSecret()), sealed.attached.getPortId(), sealed.broadcast("x")),
            };
            for (int i = 0; i < 25; i++) {
                for (byte[] d : forged) {
                    stranger.send(new DatagramPacket(d, d.length, running.server().dataAddress()));
                }
            }
            // The forged sealed frame reuses sequence number 1, which the port's own HELLO took: REPLAYED.
            await().atMost(Duration.ofSeconds(5)).until(() -> unattributed(DropReason.BAD_SECRET) == 25
                    && unattributed(DropReason.SEAL_MISMATCH) == 50 && unattributed(DropReason.REPLAYED) == 25);
            assertThat(allDrops(plain)).isZero();
            assertThat(allDrops(sealed)).isZero();
        }
    }

    @Test
    void theSwitchSealsEachDatagramWithTheNextSequenceNumber() throws Exception {
        try (Client a = sealed(); Client b = sealed()) {
            a.hello();
            b.hello(); // b's answer: sequence 1
            for (int i = 0; i < 3; i++) {
                a.send(a.datagram(a.broadcast("n" + i)));
                assertThat(DatagramHeader.sequence(b.receive())).isEqualTo(2 + i);
            }
        }
    }

    @Test
    void framesFromASealedPortAreCheckedLikePlainOnesAfterOpening() throws Exception {
        try (Client a = sealed()) {
            a.hello();
            a.send(a.datagram(new byte[10]));
            a.send(a.datagram(new byte[DatagramHeader.MAX_PLAIN_DATAGRAM_LENGTH - DatagramHeader.LENGTH]));
            await().atMost(Duration.ofSeconds(5)).until(() -> drops(a, DropReason.FRAME_TOO_SHORT) == 1
                    && drops(a, DropReason.FRAME_TOO_LONG) == 1);
        }
    }

    @Test
    void sealedDatagramsForNoPortAreCountedLikePlainOnes() throws Exception {
        try (Client a = sealed()) {
            a.send(datagram(a.codec, a.attached.getPortId() + 1000, null));
            await().atMost(Duration.ofSeconds(5)).until(() -> stub.getStats(GetStatsRequest.getDefaultInstance())
                    .getUnattributedDropsList().stream().anyMatch(c -> c.getReason() == DropReason.UNKNOWN_PORT));
        }
    }
}
