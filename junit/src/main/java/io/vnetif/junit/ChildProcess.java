package io.vnetif.junit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process started by a test (a forked JVM, or any command): stdout and stderr are echoed with a
 * {@code [name]} prefix and kept for {@link #expect}; it is stopped, with everything it started, when
 * closed or when the test JVM exits, whatever happens.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ChildProcess::killTree), "vnetif-child-cleanup"));
    }

    private final String name;
    private final Process process;
    private final PrintWriter stdin;
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> output = new CopyOnWriteArrayList<>();

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        LIVE.add(this);
        pump(process.getInputStream(), "");
        pump(process.getErrorStream(), " err");
    }

    /** Starts {@code command}; its output lines are shown prefixed with {@code [name]}. */
    public static ChildProcess start(String name, List<String> command) throws IOException {
        return start(name, new ProcessBuilder(command));
    }

    /** Starts what {@code builder} describes (environment, directory); output as above. */
    public static ChildProcess start(String name, ProcessBuilder builder) throws IOException {
        return new ChildProcess(name, builder.start());
    }

    private void pump(InputStream in, String suffix) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println("[" + name + suffix + "] " + line);
                    output.add(line);
                    if (suffix.isEmpty()) {
                        unread.add(line);
                    }
                }
            } catch (IOException e) {
                // the process went away
            }
        }, name + "-output");
        t.setDaemon(true);
        t.start();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** Every line it printed so far, stdout and stderr. */
    public List<String> output() {
        return List.copyOf(output);
    }

    /** Writes one line to its stdin. */
    public void send(String line) {
        stdin.println(line);
    }

    /**
     * Waits for the next stdout line matching {@code regex} (earlier lines are skipped).
     *
     * @throws AssertionError naming the process and what it printed, when nothing matches in time
     */
    public Matcher expect(String regex, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> seen = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? unread.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError(name + ": no line matching /" + regex + "/ within " + timeout
                        + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; lines seen: " + seen);
            }
            seen.add(line);
            Matcher m = p.matcher(line);
            if (m.find()) {
                return m;
            }
        }
    }

    /**
     * Waits for it to exit by itself and returns the exit code.
     *
     * @throws AssertionError (after killing it) when it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            killTree();
            throw new AssertionError(name + " did not exit within " + timeout + " and was killed");
        }
        return process.exitValue();
    }

    /** SIGKILL, as a crash: no shutdown hook runs in it. */
    public void kill9() throws InterruptedException {
        killTree();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}, …) with kill(1). */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void killTree() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** SIGTERM to it and what it started, SIGKILL after 10 s. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        LIVE.remove(this);
    }
}
