package io.vnetif.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM started by a test: its stdout lines are queued for {@link #expect}, both streams are echoed to
 * the test's output with a prefix, and it is killed when the test JVM exits, whatever happens.
 */
final class ForkedJvm implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final String name;
    private final Process process;
    private final PrintWriter stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ForkedJvm(String name, List<String> command) throws IOException {
        this.name = name;
        this.process = new ProcessBuilder(command).start();
        LIVE.add(process);
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        pump(process.getInputStream(), true);
        pump(process.getErrorStream(), false);
    }

    /** {@code java -jar jar args...} */
    static ForkedJvm jar(String name, Path jar, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-jar", jar.toString()));
        cmd.addAll(args);
        return new ForkedJvm(name, cmd);
    }

    /** {@code ip netns exec NS java args...}: a JVM inside a test host. */
    static ForkedJvm inNamespace(String name, String ns, List<String> javaArgs) throws IOException {
        List<String> cmd = Netns.in(ns, javaBinary(), "-Xmx256m");
        cmd.addAll(javaArgs);
        return new ForkedJvm(name, cmd);
    }

    /** Any command, e.g. a socat inside a test host. */
    static ForkedJvm command(String name, List<String> command) throws IOException {
        return new ForkedJvm(name, command);
    }

    /** {@code java -cp <this test's classpath> mainClass args...} */
    static ForkedJvm main(String name, Class<?> mainClass, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        cmd.addAll(args);
        return new ForkedJvm(name, cmd);
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void pump(java.io.InputStream in, boolean queue) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println("[" + name + (queue ? "] " : " err] ") + line);
                    if (queue) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process went away
            }
        }, name + "-output");
        t.setDaemon(true);
        t.start();
    }

    /** Sends one command line to the process. */
    void send(String line) {
        stdin.println(line);
    }

    /**
     * Waits for the next stdout line matching {@code regex} (skipping others) and returns its match.
     *
     * @throws AssertionError naming the process and what it printed when nothing matches in time
     */
    Matcher expect(String regex, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError(name + ": no line matching /" + regex + "/ within " + timeout
                        + (process.isAlive() ? "" : " (process exited with " + process.exitValue() + ")")
                        + "; lines seen: " + seen);
            }
            seen.add(line);
            Matcher m = p.matcher(line);
            if (m.find()) {
                return m;
            }
        }
    }

    /** SIGKILL, as a crash: no shutdown hook runs. */
    void kill9() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}, ...) with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout);
        }
        return process.exitValue();
    }

    /** SIGTERM, then SIGKILL if it is still there after 10 s. */
    @Override
    public void close() throws InterruptedException {
        // A shell pipeline's members are descendants: stop them too, or they outlive the test.
        java.util.List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        LIVE.remove(process);
    }
}
