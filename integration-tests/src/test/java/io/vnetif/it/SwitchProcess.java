package io.vnetif.it;

import io.vnetif.junit.ChildProcess;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import java.io.IOException;
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

    private final ChildProcess jvm;
    private final String control;
    private final String data;
    private final String metrics;
    private final ManagedChannel channel;

    private SwitchProcess(ChildProcess jvm, String control, String data, String metrics) {
        this.jvm = jvm;
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
        Path jar = Path.of(System.getProperty("vnetif.switch.jar", "../switch-server/target/vnetif-switch.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IOException("switch jar " + jar.toAbsolutePath() + " is missing: build with 'mvn package' first");
        }
        // Metrics on a free port: a switch a developer runs beside the tests holds the default one.
        List<String> args = new ArrayList<>(List.of("--control", control, "--data", data, "--metrics", "127.0.0.1:0"));
        args.addAll(List.of(extraFlags));
        ChildProcess jvm = Launch.jar("switch", jar, args);
        Matcher ready = jvm.expect("vnetif switch ready: control=(\\S+) data=(\\S+).* metrics=(\\S+)", START_TIMEOUT);
        return new SwitchProcess(jvm, ready.group(1), ready.group(2), ready.group(3));
    }

    /** host:port of the gRPC control endpoint. */
    String control() {
        return control;
    }

    /** host:port of the UDP data endpoint. */
    String data() {
        return data;
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
