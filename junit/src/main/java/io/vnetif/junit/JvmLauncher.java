package io.vnetif.junit;

import io.vnetif.client.VirtualSwitch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts JVMs that join the test's LAN: the given {@code main} class runs with the test's classpath and
 * the switch's address in system property {@code vnetif.switch} and environment variable
 * {@code VNETIF_SWITCH}, so {@code VirtualSwitch.fromEnvironment()} reaches it. Each JVM's output is shown prefixed with its name; all of them are stopped when the test ends,
 * and they end by themselves if the test JVM dies. Inject it as a test parameter.
 */
public final class JvmLauncher implements AutoCloseable {
    private final String switchAddress;
    private final List<ChildProcess> started = new ArrayList<>();

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
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-D" + VirtualSwitch.SWITCH_PROPERTY + "=" + switchAddress(),
                "-cp", System.getProperty("java.class.path"), ParentWatch.class.getName(),
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

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Stops every JVM this launcher started. */
    @Override
    public void close() throws InterruptedException {
        synchronized (started) {
            InterruptedException interrupted = null;
            for (ChildProcess c : started) {
                try {
                    c.close();
                } catch (InterruptedException e) {
                    interrupted = e; // stop the others all the same
                }
            }
            started.clear();
            if (interrupted != null) {
                throw interrupted;
            }
        }
    }
}
