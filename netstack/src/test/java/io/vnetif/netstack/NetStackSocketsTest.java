package io.vnetif.netstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnetif.client.Impairment;
import io.vnetif.client.VirtualSwitch;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two stacks on the in-process switch talk through java.net sockets: no socket of the OS involved. */
class NetStackSocketsTest {
    private static final TcpOptions QUICK = TcpOptions.DEFAULTS.withMinRto(Duration.ofMillis(20)).withTimeWait(Duration.ofMillis(500));

    private VirtualSwitch lan;
    private NetStack server;
    private NetStack client;

    @BeforeEach
    void lan() {
        lan = VirtualSwitch.inProcess();
        server = NetStack.builder(lan.attach("lab")).address("198.19.0.7/24").tcp(QUICK).build();
        client = NetStack.builder(lan.attach("lab")).address("198.19.0.5/24").tcp(QUICK).host("server", "198.19.0.7").build();
    }

    @AfterEach
    void close() {
        client.close();
        server.close();
        lan.close();
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    /** Reads everything from {@code s} to the end on a thread of its own. */
    private static CompletableFuture<byte[]> drain(Socket s) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = s.getInputStream()) {
                return in.readAllBytes();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aClientSendsEightMegabytesAndTheServerReadsThemAll() throws Exception {
        byte[] data = random(8 << 20);
        try (ServerSocket listening = server.serverSocket(8080)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = listening.accept(); InputStream in = accepted.getInputStream()) {
                    return in.readAllBytes();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket s = client.socket()) {
                s.connect(new InetSocketAddress("server", 8080), 3_000);
                assertThat(s.isConnected()).isTrue();
                assertThat(s.getLocalAddress().getHostAddress()).isEqualTo("198.19.0.5");
                try (OutputStream out = s.getOutputStream()) {
                    out.write(data);
                }
            }
            assertThat(MessageDigest.getInstance("SHA-256").digest(received.get()))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        }
    }

    @Test
    void anEchoServerAnswersEveryRequestThroughFivePercentLoss() throws Exception {
        try (ServerSocket listening = server.serverSocket(7);
             Impairment lossy = lan.impair("lab").loss(0.05).seed(7).apply()) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (Socket a = listening.accept()) {
                    a.getInputStream().transferTo(a.getOutputStream());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] data = random(1 << 20);
            try (Socket s = client.connect("198.19.0.7", 7)) {
                CompletableFuture<byte[]> back = drain(s);
                s.getOutputStream().write(data);
                s.shutdownOutput();
                assertThat(back.get()).isEqualTo(data);
            }
            echo.get();
            assertThat(lossy.counts()).isNotEmpty();
            assertThat(client.connections()).allSatisfy(c -> assertThat(c.sack()).isTrue());
        }
    }

    @Test
    void aConnectToAClosedPortIsRefusedAndOneToNobodyTimesOut() throws Exception {
        try (Socket s = client.socket()) {
            assertThatThrownBy(() -> s.connect(new InetSocketAddress("198.19.0.7", 9), 3_000)).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("connection refused by 198.19.0.7:9");
        }
        try (Socket s = client.socket()) {
            assertThatThrownBy(() -> s.connect(new InetSocketAddress("198.19.0.99", 80), 300)).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("timed out");
        }
    }

    @Test
    void udpDatagramsGoBothWaysAndAClosedPortIsUnreachable() throws Exception {
        try (DatagramSocket echo = server.datagramSocket(5353); DatagramSocket asker = client.datagramSocket(0)) {
            asker.setSoTimeout(5_000);
            echo.setSoTimeout(5_000);
            byte[] question = "who is there?".getBytes();
            asker.send(new DatagramPacket(question, question.length, new InetSocketAddress("198.19.0.7", 5353)));
            DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
            echo.receive(in);
            assertThat(new String(in.getData(), 0, in.getLength())).isEqualTo("who is there?");
            assertThat(in.getAddress().getHostAddress()).isEqualTo("198.19.0.5");
            echo.send(new DatagramPacket(in.getData(), in.getLength(), in.getSocketAddress()));
            DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
            asker.receive(answer);
            assertThat(new String(answer.getData(), 0, answer.getLength())).isEqualTo("who is there?");
            byte[] big = random(20_000); // fragmented on the way, reassembled at the other end
            asker.send(new DatagramPacket(big, big.length, new InetSocketAddress("198.19.0.7", 5353)));
            DatagramPacket bigIn = new DatagramPacket(new byte[65535], 65535);
            echo.receive(bigIn);
            assertThat(java.util.Arrays.copyOf(bigIn.getData(), bigIn.getLength())).isEqualTo(big);
        }
        try (DatagramSocket asker = client.datagramSocket(0)) {
            asker.send(new DatagramPacket(new byte[10], 10, new InetSocketAddress("198.19.0.7", 9999)));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.stats().get(io.vnetif.netstack.stats.Counter.ICMP_UNREACHABLE_OUT) >= 1);
        }
    }

    @Test
    void aDatagramSocketReportsTheBufferItsStackWasBuiltWith() throws Exception {
        try (NetStack small = NetStack.builder(lan.attach("lab")).address("198.19.0.9/24").udpBuffer(64 * 1024).build();
             DatagramSocket socket = small.datagramSocket(0)) {
            assertThat(socket.getReceiveBufferSize()).isEqualTo(64 * 1024);
            assertThat(socket.getSendBufferSize()).isEqualTo(64 * 1024);
        }
    }

    @Test
    void pingAnswersWithTheRoundTripAndSilenceTimesOut() throws Exception {
        Duration rtt = client.ping("198.19.0.7", Duration.ofSeconds(5));
        assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(5));
        assertThat(client.neighbors()).containsKey(server.address());
        assertThatThrownBy(() -> client.ping("198.19.0.98", Duration.ofMillis(200))).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void theConnectionTableShowsWhatWasNegotiated() throws Exception {
        try (ServerSocket listening = server.serverSocket(80); Socket s = client.connect("198.19.0.7", 80); Socket a = listening.accept()) {
            s.getOutputStream().write(new byte[1000]);
            a.getInputStream().readNBytes(1000);
            String table = client.connectionTable();
            assertThat(table).contains("ESTABLISHED", "198.19.0.5:", "-> 198.19.0.7:80", "cubic", "ts sack", "wscale:");
            assertThat(client.statsText()).contains("TCP:", "segments sent");
        }
    }
}
