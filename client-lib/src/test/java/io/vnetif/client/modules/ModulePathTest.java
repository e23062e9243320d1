package io.vnetif.client.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library as a user's module sees it on the module path: a module that requires io.vnetif.client
 * compiles against the API, cannot reach the engine, gRPC or Netty, and runs — an in-process LAN, and a
 * remote switch that is not there, reported as unreachable (gRPC working on the module path). It runs with
 * {@code --add-modules ALL-MODULE-PATH}, as docs/architecture.md#java-modules tells users to: gRPC's Guava is
 * an automatic module that needs failureaccess, an explicit one that nothing would otherwise resolve.
 */
class ModulePathTest {
    private static final String CONSUMER = """
            package demo;

            import io.vnetif.api.MacAddress;
            import io.vnetif.client.SwitchUnreachableException;
            import io.vnetif.client.VirtualSwitch;
            import io.vnetif.client.Vnetif;
            import java.nio.ByteBuffer;
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.TimeUnit;

            public final class Main {
                public static void main(String[] args) throws Exception {
                    try (VirtualSwitch lan = VirtualSwitch.inProcess(); Vnetif a = lan.attach("demo"); Vnetif b = lan.attach("demo")) {
                        CountDownLatch heard = new CountDownLatch(1);
                        b.listen(frame -> heard.countDown());
                        ByteBuffer frame = ByteBuffer.allocate(60);
                        frame.put(MacAddress.BROADCAST.toBytes()).put(a.mac().toBytes()).putShort((short) 0x88B5).position(60).flip();
                        a.write(frame);
                        System.out.println(heard.await(10, TimeUnit.SECONDS) ? "in-process frame arrived" : "no frame");
                    }
                    try (VirtualSwitch remote = VirtualSwitch.remote("127.0.0.1:1")) {
                        remote.attach("demo");
                    } catch (SwitchUnreachableException e) {
                        System.out.println("remote unreachable as expected");
                    }
                }
            }
            """;

    @TempDir
    static Path dir;
    private static List<Path> modulePath;
    private static List<Path> classPath;

    @BeforeAll
    static void paths() throws IOException {
        List<Path> runtime = new ArrayList<>();
        for (String entry : Files.readString(Path.of("target/runtime-classpath.txt")).strip().split(File.pathSeparator)) {
            runtime.add(Path.of(entry));
        }
        runtime.add(Path.of("target/classes"));
        // grpc-netty-shaded's multi-release jar declares a module named io.netty.internal.tcnative: on the module
        // path gRPC would not find its channel provider, so it goes on the class path (as module-info.java says).
        modulePath = runtime.stream().filter(p -> !p.getFileName().toString().startsWith("grpc-netty-shaded")).toList();
        classPath = runtime.stream().filter(p -> p.getFileName().toString().startsWith("grpc-netty-shaded")).toList();
        assertThat(classPath).as("grpc-netty-shaded among the runtime dependencies").hasSize(1);
    }

    @Test
    void aModuleThatRequiresTheClientCompilesAndRuns() throws Exception {
        Path out = compile(dir.resolve("demo"), CONSUMER);
        Process java = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", join(concat(List.of(out), modulePath)), "--add-modules", "ALL-MODULE-PATH", "-cp", join(classPath),
                "-m", "demo/demo.Main"))
                .redirectErrorStream(true).start();
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).as("the demo ended").isTrue();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.exitValue()).as(output).isZero();
        assertThat(output).contains("in-process frame arrived", "remote unreachable as expected");
    }

    @Test
    void theEngineAndTheWireFormatsAreNotReachable() throws Exception {
        String reachingIn = CONSUMER.replace("import java.nio.ByteBuffer;", "import java.nio.ByteBuffer;\nimport io.vnetif.core.SwitchEngine;")
                .replace("public static void main", "static SwitchEngine engine;\n    public static void main");
        String errors = compileErrors(dir.resolve("reaching-in"), reachingIn);
        assertThat(errors).contains("package io.vnetif.core is not visible");
    }

    @Test
    void grpcAndNettyAreNotPartOfTheApi() throws Exception {
        String grpc = CONSUMER.replace("import java.nio.ByteBuffer;", "import java.nio.ByteBuffer;\nimport io.grpc.ManagedChannel;")
                .replace("public static void main", "static ManagedChannel channel;\n    public static void main");
        assertThat(compileErrors(dir.resolve("grpc"), grpc)).contains("package io.grpc is not visible");
    }

    /** Compiles module {@code demo} with {@code main}, which must compile cleanly; returns where the classes are. */
    private static Path compile(Path root, String main) throws IOException {
        String errors = compileErrors(root, main);
        assertThat(errors).as("javac's output").isEmpty();
        return root.resolve("out");
    }

    /** Compiles module {@code demo} with {@code main}; returns javac's messages (empty when it compiled cleanly). */
    private static String compileErrors(Path root, String main) throws IOException {
        Path src = root.resolve("src");
        Files.createDirectories(src.resolve("demo"));
        Files.writeString(src.resolve("module-info.java"), "module demo { requires io.vnetif.client; }\n");
        Files.writeString(src.resolve("demo/Main.java"), main);
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        PrintWriter writer = new PrintWriter(messages, true, StandardCharsets.UTF_8);
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        javac.run(writer, writer, "--release", "17", "--module-path", join(modulePath), "-d", root.resolve("out").toString(),
                src.resolve("module-info.java").toString(), src.resolve("demo/Main.java").toString());
        return messages.toString(StandardCharsets.UTF_8);
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String join(List<Path> paths) {
        return String.join(File.pathSeparator, paths.stream().map(Path::toString).toArray(String[]::new));
    }
}
