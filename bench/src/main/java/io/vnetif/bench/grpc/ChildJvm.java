package io.vnetif.bench.grpc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM this benchmark starts (the switch, a gRPC server): its output is echoed to stderr with its name, read for a
 * ready line, and the process ends on {@link #close} or, should this JVM be stopped first, from a shutdown hook.
 */
final class ChildJvm implements AutoCloseable {
    /** An end-of-output mark in the line queue: no ready line can come after it. */
    private static final String EXITED = "\0exited";

    private final String name;
    private final Process process;
    private final Thread stopOnExit;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile boolean stopping;

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stopOnExit = new Thread(this::stop, "stop " + name);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        Thread reader = new Thread(this::echo, name + " output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java} (the one running this benchmark) with {@code arguments}. */
    static ChildJvm start(String name, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        return new ChildJvm(name, new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** The first line of its output that matches {@code ready}; fails with its last lines if it exits or is slow. */
    Matcher await(Pattern ready, long seconds) throws InterruptedException {
        Deque<String> last = new ArrayDeque<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (String line; (line = lines.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) != null && !line.equals(EXITED); ) {
            Matcher matcher = ready.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
            last.addLast(line);
            if (last.size() > 5) {
                last.removeFirst();
            }
        }
        throw new IllegalStateException(name + " did not print \"" + ready + "\" within " + seconds + " s (alive: " + process.isAlive()
                + ", last lines: " + last + "); check that it is built and can run alone");
    }

    private void echo() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                System.err.println("[" + name + "] " + line);
                lines.add(line);
            }
        } catch (IOException e) {
            if (!stopping) { // else stopping it closed the stream: nothing was lost
                System.err.println("[" + name + "] output unreadable: " + e);
            }
        }
        lines.add(EXITED);
    }

    private void stop() {
        stopping = true;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
    }
}
