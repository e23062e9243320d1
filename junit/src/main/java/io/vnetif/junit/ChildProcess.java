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
    /** Marks the end of stdout in {@link #unread}, so {@link #expect} fails at once when the child is gone. */
    private static final String END = new String("end of output");
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        LIVE.add(this);
        process.onExit().thenRun(() -> LIVE.remove(this));
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
            } finally {
                if (suffix.isEmpty()) {
                    unread.add(END);
                }
            }
        }, name + "-output");
        t.setDaemon(true);
        readers.add(t);
        t.start();
    }

    /** After exit: wait until its last lines are read, so {@link #output()} is complete. */
    private void drainOutput() throws InterruptedException {
        for (Thread t : readers) {
            t.join(5_000);
        }
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

    /**
     * Writes one line to its stdin.
     *
     * @throws IllegalStateException when it cannot take it (exited)
     */
    public void send(String line) {
        stdin.println(line);
        if (stdin.checkError()) {
            throw new IllegalStateException(name + " cannot be sent '" + line + "': it is not running");
        }
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
            if (line == END) {
                unread.add(END); // for later calls
                line = null;
                left = 0;
            }
            if (line == null) {
                throw new AssertionError(name + ": no line matching /" + regex + "/"
                        + (process.isAlive() ? " within " + timeout : " before it exited with " + exitCodeOrUnknown()) + "; lines seen: " + seen);
            }
            seen.add(line);
            Matcher m = p.matcher(line);
            if (m.find()) {
                return m;
            }
        }
    }

    private String exitCodeOrUnknown() {
        try {
            return Integer.toString(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /**
     * Waits for it to exit by itself and returns the exit code (its output is complete then).
     *
     * @throws AssertionError (after killing it) when it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            killTree();
            throw new AssertionError(name + " did not exit within " + timeout + " and was killed");
        }
        drainOutput();
        return process.exitValue();
    }

    /** SIGKILL, as a crash: no shutdown hook runs in it. */
    public void kill9() throws InterruptedException {
        killTree();
        process.waitFor(10, TimeUnit.SECONDS);
        drainOutput();
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

    /**
     * Closes its stdin (programs that read commands end there), then SIGTERM to it and what it
     * started (SIGCONT first, should it be stopped), SIGKILL after 10 s.
     */
    @Override
    public void close() throws InterruptedException {
        stdin.close();
        if (process.waitFor(1, TimeUnit.SECONDS)) {
            LIVE.remove(this);
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        try {
            signal("CONT"); // a stopped process would not act on SIGTERM
        } catch (IOException e) {
            // gone meanwhile
        }
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        LIVE.remove(this);
    }
}
