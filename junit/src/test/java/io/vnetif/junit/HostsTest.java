package io.vnetif.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.vnetif.netstack.NetStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Hosts on the test's LAN: TCP/IP stacks injected with {@link Host}, and JVMs launched as hosts. */
class HostsTest {
    private static final Path REPORTS = Path.of("target", "surefire-reports", "vnetif");

    /** One line from {@code client} to a server on {@code server}'s port 7, echoed back. */
    static String echoOnce(NetStack client, InetSocketAddress server, String line) throws IOException {
        try (Socket s = client.socket()) {
            s.connect(server, 10_000);
            s.setSoTimeout(10_000);
            new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println(line);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    /** Serves one connection on {@code listening}: echoes its lines until it ends. */
    static void echo(ServerSocket listening) throws IOException {
        try (Socket accepted = listening.accept();
             var in = new BufferedReader(new InputStreamReader(accepted.getInputStream(), StandardCharsets.UTF_8))) {
            PrintWriter out = new PrintWriter(accepted.getOutputStream(), true, StandardCharsets.UTF_8);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.println(line);
            }
        }
    }

    static CompletableFuture<Void> echoInBackground(ServerSocket listening) {
        return CompletableFuture.runAsync(() -> {
            try {
                echo(listening);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A user's test: two hosts with assigned addresses, one a field. */
    @VnetifTest
    static class TwoHosts {
        // docs:begin hosts-injected
        @Host
        NetStack server;                                                 // 198.18.0.1/24, assigned

        @Test
        void talk(@Host NetStack client) throws Exception {              // 198.18.0.2/24
            try (ServerSocket listening = server.serverSocket(7)) {
                CompletableFuture<Void> served = echoInBackground(listening);
                assertThat(echoOnce(client, new InetSocketAddress(server.address(), 7), "hello")).isEqualTo("hello");
                served.get();
            }
            System.out.print(client.connectionTable());                  // as ss -ti prints it
        }
        // docs:end hosts-injected

        @Test
        void assignsAddressesInOrder(@Host NetStack first, @Host(address = "198.19.0.5/24") NetStack given, @Host NetStack second) {
            assertThat(List.of(server, first, given, second)).extracting(s -> s.address().getHostAddress() + "/" + s.prefixLength())
                    .containsExactly("198.18.0.1/24", "198.18.0.2/24", "198.19.0.5/24", "198.18.0.3/24");
        }

        @Test
        void failsWithAConnectionOpen(@Host(label = "client", network = "lab", address = "198.19.0.5/24") NetStack client,
                                      @Host(label = "server", network = "lab", address = "198.19.0.7/24") NetStack server) throws Exception {
            // Left open, as a failing test leaves them: the report shows the connection as it was.
            ServerSocket listening = server.serverSocket(7);
            Socket open = client.socket();
            open.connect(new InetSocketAddress(server.address(), 7), 10_000);
            new PrintWriter(open.getOutputStream(), true, StandardCharsets.UTF_8).println("evidence over TCP");
            Socket accepted = listening.accept();
            assertThat(new BufferedReader(new InputStreamReader(accepted.getInputStream(), StandardCharsets.UTF_8)).readLine())
                    .isEqualTo("evidence over TCP");
            throw new AssertionError("this test fails to show the report");
        }
    }

    private static List<Path> reportsOf(Class<?> testClass) throws IOException {
        String prefix = testClass.getName().replace('$', '_') + ".";
        if (!Files.isDirectory(REPORTS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(REPORTS)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    private static void deleteReportsOf(Class<?> testClass) throws IOException {
        for (Path p : reportsOf(testClass)) {
            Files.delete(p);
        }
    }

    private static String latin1(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    @Test
    void injectedHostsTalkTcpAndAFailureReportsTheirConnectionsAndTraffic() throws Exception {
        deleteReportsOf(TwoHosts.class);
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(TwoHosts.class)).execute().testEvents()
                .assertStatistics(s -> s.succeeded(2).failed(1));
        List<Path> reports = reportsOf(TwoHosts.class);
        assertThat(reports).extracting(p -> p.getFileName().toString().replaceAll("-[0-9a-f]+\\.", "-ID."))
                .containsExactly(TwoHosts.class.getName().replace('$', '_') + ".failsWithAConnectionOpen-ID.pcapng",
                        TwoHosts.class.getName().replace('$', '_') + ".failsWithAConnectionOpen-ID.stats.txt");
        String stats = Files.readString(reports.get(1));
        assertThat(stats).contains("host client 198.19.0.5/24:", "host server 198.19.0.7/24:")
                .containsPattern("ESTABLISHED +198\\.19\\.0\\.5:\\d+ -> 198\\.19\\.0\\.7:7 ")
                .containsPattern("ESTABLISHED +198\\.19\\.0\\.7:7 -> 198\\.19\\.0\\.5:\\d+ ");
        assertThat(latin1(reports.get(0))).as("the recording holds the TCP payload").contains("client", "server", "evidence over TCP");
    }

    // docs:begin hosts-launched-main
    /** A launched host: joins the LAN in one line, echoes one connection on port 7, then ends. */
    public static final class EchoHost {
        public static void main(String[] args) throws Exception {
            try (LaunchedHost host = LaunchedHost.join();               // its stack, at the address the test gave
                 ServerSocket listening = host.stack().serverSocket(7)) {
                System.out.println("echo host listening on " + host.stack().address().getHostAddress());
                echo(listening);
            }
        }
    }
    // docs:end hosts-launched-main

    /** A launched host that answers pings until it is stopped (by SIGTERM, when the test ends). */
    public static final class WaitingHost {
        public static void main(String[] args) throws Exception {
            LaunchedHost host = LaunchedHost.join(); // closed by the JVM's end: that is what this host shows
            System.out.println("waiting host up at " + host.stack().address().getHostAddress());
            new java.util.concurrent.CountDownLatch(1).await();
        }
    }

    /** Enhanced packet blocks in a pcapng file: the frames it holds. */
    private static int packets(Path pcapng) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(pcapng)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int packets = 0;
        while (b.remaining() >= 12) {
            int type = b.getInt(b.position());
            int length = b.getInt(b.position() + 4);
            packets += type == 6 ? 1 : 0;
            b.position(b.position() + length);
        }
        return packets;
    }

    /** A user's multi-JVM test: a JVM launched as a host, reached from a host of the test's own. */
    @VnetifTest(mode = VnetifTest.Mode.PROCESS)
    static class LaunchedHosts {
        @Test
        void failsAfterTalkingToALaunchedHost(JvmLauncher jvms, @Host(network = "lab", address = "198.19.0.10/24") NetStack me) throws Exception {
            // docs:begin hosts-launched
            ChildProcess echo = jvms.launchHost("echo", "lab", "198.19.0.11/24", EchoHost.class);
            echo.expect("echo host listening on 198\\.19\\.0\\.11", Duration.ofSeconds(30));
            assertThat(echoOnce(me, new InetSocketAddress("198.19.0.11", 7), "across JVMs")).isEqualTo("across JVMs");
            // docs:end hosts-launched
            ChildProcess waiting = jvms.launchHost("waiting", "lab", "198.19.0.12/24", WaitingHost.class);
            waiting.expect("waiting host up at 198\\.19\\.0\\.12", Duration.ofSeconds(30));
            me.ping("198.19.0.12", Duration.ofSeconds(10));
            throw new AssertionError("this test fails to show the launched host's recording");
        }
    }

    @Test
    void aLaunchedHostJoinsInOneLineAndItsTrafficIsInTheReport() throws Exception {
        deleteReportsOf(LaunchedHosts.class);
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(LaunchedHosts.class)).execute().testEvents()
                .assertStatistics(s -> s.failed(1));
        List<Path> reports = reportsOf(LaunchedHosts.class);
        assertThat(reports).extracting(p -> p.getFileName().toString().replaceAll("-[0-9a-f]+\\.", "-ID."))
                .containsExactly(LaunchedHosts.class.getName().replace('$', '_') + ".failsAfterTalkingToALaunchedHost-ID.echo.pcapng",
                        LaunchedHosts.class.getName().replace('$', '_') + ".failsAfterTalkingToALaunchedHost-ID.pcapng",
                        LaunchedHosts.class.getName().replace('$', '_') + ".failsAfterTalkingToALaunchedHost-ID.stats.txt",
                        LaunchedHosts.class.getName().replace('$', '_') + ".failsAfterTalkingToALaunchedHost-ID.waiting.pcapng");
        assertThat(latin1(reports.get(0))).as("the launched host's own recording").contains("echo", "198.19.0.11/24", "across JVMs");
        assertThat(latin1(reports.get(1))).as("the test's host's recording").contains("me", "across JVMs");
        assertThat(latin1(reports.get(3))).as("a host stopped by SIGTERM").contains("waiting", "198.19.0.12/24");
        assertThat(packets(reports.get(3))).as("frames of the ping it answered, written out as its JVM ended").isGreaterThanOrEqualTo(2);
    }

    @VnetifTest
    static class HostOnAVnetifField {
        @Host
        io.vnetif.client.Vnetif wrong;

        @Test
        void never() {
        }
    }

    @Test
    void aHostOnAnotherTypeSaysWhereItGoes() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(HostOnAVnetifField.class)).execute().testEvents()
                .assertThatEvents().haveExactly(1, org.junit.platform.testkit.engine.EventConditions.finishedWithFailure(
                        org.junit.platform.testkit.engine.TestExecutionResultConditions.message(m -> m.contains("@Host on NetStack fields"))));
    }

    @Test
    void joiningOutsideALaunchedJvmSaysWhatItIsFor() {
        org.assertj.core.api.Assertions.assertThatThrownBy(LaunchedHost::join).isInstanceOf(IllegalStateException.class)
                .hasMessage("-Dvnetif.host.name is not set: LaunchedHost.join() is for JVMs started by JvmLauncher.launchHost");
    }
}
