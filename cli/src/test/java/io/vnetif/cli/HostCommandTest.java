package io.vnetif.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vnetif.client.VirtualSwitch;
import io.vnetif.netstack.NetStack;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.SwitchServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code vnetif host} against a switch in this JVM, with a stack of the test's own as its peer on the LAN. */
class HostCommandTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String HOST = "198.19.0.5";
    private static final String PEER = "198.19.0.7";

    private SwitchServer server;
    private VirtualSwitch lan;
    private NetStack peer;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        server = SwitchServer.start(SwitchConfig.loopback(0, 0));
        lan = VirtualSwitch.remote(server.controlTarget());
        peer = NetStack.on(lan.attach("lab"), PEER + "/24");
    }

    @AfterEach
    void stop() {
        peer.close();
        lan.close();
        server.close();
    }

    private CommandLine host(InputStream stdin, OutputStream stdout) {
        CommandLine cli = VnetifCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        HostCommand host = cli.getSubcommands().get("host").getCommand();
        host.stdin = stdin;
        host.stdout = stdout;
        return cli;
    }

    private int vnetifHost(String... args) {
        return host(InputStream.nullInputStream(), OutputStream.nullOutputStream()).execute(withSwitch(args));
    }

    private String[] withSwitch(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "host";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--switch=" + server.controlTarget();
        return all;
    }

    @Test
    void servesEchoDiscardAndSourceOverTcpAndUdpAndAnswersPing() throws Exception {
        CompletableFuture<Integer> serving = new CompletableFuture<>();
        Thread runner = new Thread(() -> serving.complete(vnetifHost("--network", "lab", "--ip", HOST + "/24",
                "--echo", "7", "--discard", "9", "--source", "19", "--source-bytes", "1mb")), "vnetif-host-under-test");
        runner.start();
        await().atMost(TIMEOUT).until(() -> out.toString().contains("host " + HOST + "/24 up on network lab"));
        assertThat(out.toString()).contains("echo 7", "discard 9", "source 19");

        assertThat(peer.ping(HOST, Duration.ofSeconds(5))).isPositive();

        try (Socket echo = peer.connect(HOST, 7)) {
            echo.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            echo.shutdownOutput();
            assertThat(new String(echo.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
        }

        byte[] sent = new byte[1 << 20];
        new Random(5).nextBytes(sent);
        try (Socket discard = peer.connect(HOST, 9)) {
            discard.getOutputStream().write(sent);
        }
        await().atMost(TIMEOUT).until(() -> out.toString().contains("closed after 1048576 bytes, sha256 " + sha256(sent)));

        byte[] sourced;
        try (Socket source = peer.connect(HOST, 19)) {
            sourced = source.getInputStream().readAllBytes();
        }
        assertThat(sourced).hasSize(1 << 20);
        await().atMost(TIMEOUT).until(() -> out.toString().contains("source 19: sent " + PEER));
        assertThat(out.toString()).contains("1048576 bytes, sha256 " + sha256(sourced));

        try (DatagramSocket udp = peer.datagramSocket(0)) {
            udp.setSoTimeout(5_000);
            byte[] hi = "hi".getBytes(StandardCharsets.US_ASCII);
            udp.send(new DatagramPacket(hi, hi.length, new InetSocketAddress(HOST, 7)));
            DatagramPacket answer = new DatagramPacket(new byte[100], 100);
            udp.receive(answer);
            assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII)).isEqualTo("hi");
        }
        assertThat(serving).isNotDone();
        runner.interrupt(); // what stopping it does outside a terminal's Ctrl-C
        assertThat(serving.get()).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void pingsAndSaysHowManyAnswered() {
        assertThat(vnetifHost("--network", "lab", "--ip", HOST + "/24", "--ping", PEER, "--count", "2", "--interval", "10ms")).isZero();
        assertThat(out.toString()).contains("64 bytes from " + PEER + ": icmp_seq=1", "icmp_seq=2", "2 sent, 2 answered");
    }

    @Test
    void pingingNoOneExitsWithOne() {
        assertThat(vnetifHost("--network", "lab", "--ip", HOST + "/24", "--ping", "198.19.0.99", "--count", "1")).isEqualTo(1);
        assertThat(out.toString()).contains("no answer from 198.19.0.99: icmp_seq=1", "1 sent, 0 answered");
    }

    @Test
    void connectPipesStandardInputAndOutputLikeNc() throws Exception {
        try (ServerSocket listening = peer.serverSocket(8080)) {
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listening.accept()) {
                    String request = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    s.getOutputStream().write(("got " + request).getBytes(StandardCharsets.US_ASCII));
                    return request;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int exit = host(new ByteArrayInputStream("ping\n".getBytes(StandardCharsets.US_ASCII)), answer)
                    .execute(withSwitch("--network", "lab", "--ip", HOST + "/24", "--connect", PEER + ":8080"));
            assertThat(exit).isZero();
            assertThat(served.get()).isEqualTo("ping\n");
            assertThat(answer.toString(StandardCharsets.US_ASCII)).isEqualTo("got ping\n");
        }
    }

    @Test
    void listenTakesOneConnectionAndPipesIt() throws Exception {
        ByteArrayOutputStream heard = new ByteArrayOutputStream();
        CompletableFuture<Integer> listening = CompletableFuture.supplyAsync(() ->
                host(new ByteArrayInputStream("welcome\n".getBytes(StandardCharsets.US_ASCII)), heard)
                        .execute(withSwitch("--network", "lab", "--ip", HOST + "/24", "--listen", "2000")));
        await().atMost(TIMEOUT).until(() -> err.toString().contains("vnetif host: listening on " + HOST + ":2000"));
        String greeting;
        try (Socket s = peer.socket()) {
            s.connect(new InetSocketAddress(HOST, 2000), 10_000);
            s.getOutputStream().write("from the peer\n".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            greeting = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
        assertThat(greeting).isEqualTo("welcome\n");
        assertThat(listening.get()).isZero();
        assertThat(heard.toString(StandardCharsets.US_ASCII)).isEqualTo("from the peer\n");
        assertThat(err.toString()).contains("vnetif host: connection from " + PEER + ":");
    }

    @Test
    void aRefusedConnectIsOneLine() {
        assertThat(vnetifHost("--network", "lab", "--ip", HOST + "/24", "--connect", PEER + ":9")).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("vnetif host: ").contains(PEER + ":9");
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertUsage("--ping, --connect and --listen exclude each other", "--ip", HOST + "/24", "--ping", PEER, "--listen", "5");
        assertUsage("port 70000 is not in 1..65535", "--ip", HOST + "/24", "--echo", "70000");
        assertUsage("--count must be at least 1", "--ip", HOST + "/24", "--ping", PEER, "--count", "0");
        assertUsage("'lots'", "--ip", HOST + "/24", "--source", "19", "--source-bytes", "lots");
        assertUsage("give ADDRESS:PORT", "--ip", HOST + "/24", "--connect", PEER);
        assertUsage("198.19.0.5/33", "--ip", HOST + "/33");
    }

    private void assertUsage(String message, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        String[] withNetwork = new String[args.length + 2];
        withNetwork[0] = "--network";
        withNetwork[1] = "lab";
        System.arraycopy(args, 0, withNetwork, 2, args.length);
        assertThat(vnetifHost(withNetwork)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString()).startsWith("vnetif host: ").contains(message);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
