package io.vnetif.it;

import io.vnetif.junit.ChildProcess;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.proto.v1.FrameLedger;
import io.vnetif.proto.v1.GetStatsRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/** The switch in its own JVM, started from the runnable jar, with a gRPC admin stub to it. */
final class SwitchProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final java.util.regex.Pattern HEAP_USED =
            java.util.regex.Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"\\} (\\S+)$", java.util.regex.Pattern.MULTILINE);

    private final ChildProcess jvm;
    private final String control;
    private final String data;
    private final String metrics;
    private final String vxlan;
    private final ManagedChannel channel;

    private SwitchProcess(ChildProcess jvm, String control, String data, String vxlan, String metrics) {
        this.jvm = jvm;
        this.vxlan = vxlan;
        this.control = control;
        this.data = data;
        this.metrics = metrics;
        this.channel = Grpc.newChannelBuilder(control, InsecureChannelCredentials.create()).build();
    }

    /** Starts a switch on free loopback ports. */
    static SwitchProcess start() throws Exception {
        return startAt("127.0.0.1:0", "127.0.0.1:0");
    }

    /** Starts a switch on free loopback ports with more command-line flags. */
    static SwitchProcess startWithFlags(String... extraFlags) throws Exception {
        return startAt("127.0.0.1:0", "127.0.0.1:0", extraFlags);
    }

    /** Starts a switch on the given addresses (to restart one where the last one was). */
    static SwitchProcess startAt(String control, String data, String... extraFlags) throws Exception {
        return start(args -> Launch.jar("switch", jar(), args), control, data, extraFlags);
    }

    /** Starts a switch on free loopback ports whose process may have at most {@code descriptors} file descriptors (ulimit -n). */
    static SwitchProcess startWithDescriptorLimit(int descriptors, String... extraFlags) throws Exception {
        return start(args -> Launch.jarWithDescriptorLimit("switch", jar(), descriptors, args), "127.0.0.1:0", "127.0.0.1:0", extraFlags);
    }

    private interface Launcher {
        ChildProcess launch(List<String> args) throws IOException;
    }

    private static Path jar() throws IOException {
        Path jar = Path.of(System.getProperty("vnetif.switch.jar", "../switch-server/target/vnetif-switch.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IOException("switch jar " + jar.toAbsolutePath() + " is missing: build with 'mvn package' first");
        }
        return jar;
    }

    private static SwitchProcess start(Launcher launcher, String control, String data, String... extraFlags) throws Exception {
        // Metrics on a free port: a switch a developer runs beside the tests holds the default one.
        List<String> args = new ArrayList<>(List.of("--control", control, "--data", data, "--metrics", "127.0.0.1:0"));
        args.addAll(List.of(extraFlags));
        ChildProcess jvm = launcher.launch(args);
        Matcher ready = jvm.expect("vnetif switch ready: control=(\\S+) data=(\\S+) transport=\\S+(?: vxlan=(\\S+))? metrics=(\\S+)",
                START_TIMEOUT);
        return new SwitchProcess(jvm, ready.group(1), ready.group(2), ready.group(3), ready.group(4));
    }

    /** host:port of the gRPC control endpoint. */
    String control() {
        return control;
    }

    /** host:port of the UDP data endpoint. */
    String data() {
        return data;
    }

    /** host:port of the VXLAN socket, or {@code null} when started without --vxlan. */
    String vxlan() {
        return vxlan;
    }

    /** host:port of the Prometheus endpoint. */
    String metrics() {
        return metrics;
    }

    int dataPort() {
        return Integer.parseInt(data.substring(data.lastIndexOf(':') + 1));
    }

    SwitchServiceGrpc.SwitchServiceBlockingStub admin() {
        return SwitchServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /** A stub whose calls carry {@code token}, for a switch with tokens. */
    SwitchServiceGrpc.SwitchServiceBlockingStub as(String token) {
        return admin().withCallCredentials(io.vnetif.proto.security.AccessToken.of(token).callCredentials());
    }

    /** The Prometheus text exposition, scraped now. */
    String scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + metrics + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("metrics answered HTTP " + r.statusCode());
        }
        return r.body();
    }

    /** Heap in use right after a full GC (jcmd GC.run), from the switch's JVM metrics: what a leak would grow. */
    long heapAfterGc() throws IOException, InterruptedException {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(jvm.pid()), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new IOException("jcmd GC.run failed for the switch (pid " + jvm.pid() + ")");
        }
        Matcher m = HEAP_USED.matcher(scrape());
        if (!m.find()) {
            throw new IOException("no jvm_memory_used_bytes{area=\"heap\"} in the switch's metrics");
        }
        return (long) Double.parseDouble(m.group(1));
    }

    /** File descriptors the switch's process has open now (Linux: /proc). */
    long openDescriptors() throws IOException {
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(jvm.pid()), "fd"))) {
            return fds.count();
        }
    }

    /** The switch-wide frame ledger now. */
    FrameLedger ledger() {
        return admin().getStats(GetStatsRequest.getDefaultInstance()).getLedger();
    }

    /** Whether the switch's process still runs. */
    boolean isAlive() {
        return jvm.isAlive();
    }

    /** Waits for the switch to exit by itself; its exit status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return jvm.awaitExit(timeout);
    }

    /** Every line the switch printed so far. */
    List<String> output() {
        return jvm.output();
    }

    /** SIGKILL: the switch vanishes without telling anyone. */
    void kill9() throws InterruptedException {
        channel.shutdownNow();
        jvm.kill9();
    }

    /** SIGSTOP: the switch hangs with its sockets open, as a wedged or unreachable host would. */
    void freeze() throws Exception {
        jvm.signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() throws Exception {
        jvm.signal("CONT");
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        jvm.close();
    }
}
