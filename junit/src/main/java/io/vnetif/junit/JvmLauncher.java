package io.vnetif.junit;

import io.vnetif.client.VirtualSwitch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Starts JVMs that join the test's LAN: the given {@code main} class runs with the test's classpath and
 * the switch's address in system property {@code vnetif.switch} and environment variable
 * {@code VNETIF_SWITCH}, so {@code VirtualSwitch.fromEnvironment()} reaches it. Each JVM's output is shown prefixed with its name; all of them are stopped when the test ends,
 * and they end by themselves if the test JVM dies. Inject it as a test parameter.
 */
public final class JvmLauncher implements AutoCloseable {
    private final String switchAddress;
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private final List<ChildProcess> started = new ArrayList<>();
    /** Launched hosts' recordings; null until the first host. */
    private Path recordings;

    JvmLauncher(String switchAddress) {
        this.switchAddress = switchAddress;
    }

    /** The switch's control address, as passed to the JVMs. */
    public String switchAddress() {
        if (switchAddress == null) {
            throw new IllegalStateException("an in-process LAN cannot be joined from other JVMs: use @VnetifTest(mode = PROCESS)");
        }
        return switchAddress;
    }

    /**
     * Starts {@code mainClass} with {@code args} in a new JVM named {@code name} (a class with a
     * {@code main}, or a {@code Runnable} with a no-argument constructor).
     *
     * @throws IllegalStateException for an in-process LAN (other JVMs cannot reach it)
     */
    public ChildProcess launch(String name, Class<?> mainClass, String... args) throws IOException {
        return start(name, List.of(), mainClass, args);
    }

    /**
     * Starts {@code mainClass} as {@link #launch} does, as a host of the LAN: in the new JVM,
     * {@link LaunchedHost#join()} returns its TCP/IP stack, on an interface attached to {@code network}
     * with {@code address} (e.g. {@code "198.19.0.11/24"}). Its frames are recorded, and a failed test's
     * report holds them as {@code <test>.<name>.pcapng}.
     *
     * @throws IllegalStateException for an in-process LAN (other JVMs cannot reach it)
     */
    public ChildProcess launchHost(String name, String network, String address, Class<?> mainClass, String... args) throws IOException {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a host's name goes into file names: use letters, digits, '.', '_' and '-', not '" + name + "'");
        }
        Path recording = recordings().resolve(name + ".pcapng");
        return start(name, List.of("-D" + LaunchedHost.NAME + "=" + name, "-D" + LaunchedHost.NETWORK + "=" + network,
                "-D" + LaunchedHost.ADDRESS + "=" + address, "-D" + LaunchedHost.RECORDING + "=" + recording), mainClass, args);
    }

    private ChildProcess start(String name, List<String> properties, Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-D" + VirtualSwitch.SWITCH_PROPERTY + "=" + switchAddress()));
        command.addAll(properties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ParentWatch.class.getName(),
                Long.toString(ProcessHandle.current().pid()), mainClass.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(VirtualSwitch.SWITCH_VARIABLE, switchAddress());
        ChildProcess child = ChildProcess.start(name, builder);
        synchronized (started) {
            started.add(child);
        }
        return child;
    }

    /** Where launched hosts record their frames: a directory of this launcher's, made on first use. */
    private synchronized Path recordings() throws IOException {
        if (recordings == null) {
            recordings = Files.createTempDirectory("vnetif-hosts");
        }
        return recordings;
    }

    /** Copies the launched hosts' recordings into {@code dir} as {@code <testName>.<host>.pcapng}; returns the copies. */
    synchronized List<Path> copyRecordings(Path dir, String testName) throws IOException {
        List<Path> copies = new ArrayList<>();
        if (recordings == null) {
            return copies;
        }
        try (Stream<Path> files = Files.list(recordings)) {
            for (Path file : files.sorted().toList()) {
                copies.add(Files.copy(file, dir.resolve(testName + "." + file.getFileName()), StandardCopyOption.REPLACE_EXISTING));
            }
        }
        return copies;
    }

    /** Deletes the launched hosts' recordings (after {@link #close}: the JVMs write them until they end). */
    synchronized void deleteRecordings() throws IOException {
        if (recordings == null) {
            return;
        }
        try (Stream<Path> files = Files.list(recordings)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(recordings);
        recordings = null;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Stops every JVM this launcher started, all at once: each may take its grace period to end (a second
     * for its stdin, then SIGTERM), and one after the other, a test of several JVMs waited for each in turn.
     */
    @Override
    public void close() throws InterruptedException {
        List<ChildProcess> stopping;
        synchronized (started) {
            stopping = new ArrayList<>(started);
            started.clear();
        }
        List<Thread> stoppers = new ArrayList<>();
        for (ChildProcess child : stopping) {
            Thread stopper = new Thread(() -> {
                try {
                    child.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // this thread ends here anyway
                }
            }, "vnetif-stop-" + child.name());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            stopper.join();
        }
    }
}
