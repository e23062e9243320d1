package io.vnetif.junit;

import io.vnetif.client.NicOptions;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.client.Vnetif;
import io.vnetif.netstack.NetStack;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM's place on the test's LAN, in a JVM started by {@link JvmLauncher#launchHost}: one line gives the
 * program its TCP/IP stack, at the address the test chose, with its frames recorded for the test's report.
 *
 * <pre>{@code
 * try (LaunchedHost host = LaunchedHost.join()) {
 *     NetStack stack = host.stack();
 *     ...
 * }
 * }</pre>
 *
 * Closing it (or the JVM ending on SIGTERM, as the launcher stops it) closes the stack and the switch
 * connection and completes the recording. Needs {@code io.vnetif:vnetif-netstack} on the class path.
 */
public final class LaunchedHost implements AutoCloseable {
    static final String NAME = "vnetif.host.name";
    static final String NETWORK = "vnetif.host.network";
    static final String ADDRESS = "vnetif.host.address";
    static final String RECORDING = "vnetif.host.recording";

    private final VirtualSwitch lan;
    private final Recording recording;
    private final NetStack stack;
    private final Thread onExit = new Thread(this::closeQuietly, "vnetif-host-exit");
    private boolean closed; // guarded by this

    private LaunchedHost(VirtualSwitch lan, Recording recording, NetStack stack) {
        this.lan = lan;
        this.recording = recording;
        this.stack = stack;
    }

    /**
     * Joins the LAN as the launcher said: the switch of {@code VirtualSwitch.fromEnvironment()}, the
     * network, address and recording file of this JVM's system properties.
     *
     * @throws IllegalStateException in a JVM not started by {@link JvmLauncher#launchHost}
     */
    public static LaunchedHost join() throws IOException {
        String name = required(NAME);
        String network = required(NETWORK);
        String address = required(ADDRESS);
        Path file = Path.of(required(RECORDING));
        VirtualSwitch lan = VirtualSwitch.fromEnvironment();
        Recording recording = null;
        try {
            recording = new Recording(new BufferedOutputStream(Files.newOutputStream(file)));
            Vnetif nic = lan.attach(NicOptions.builder().network(network).label(name)
                    .monitor(recording.monitor(name, "vnetif host " + name + " " + address + " on network " + network)).build());
            LaunchedHost host = new LaunchedHost(lan, recording, NetStack.on(nic, address));
            Runtime.getRuntime().addShutdownHook(host.onExit);
            return host;
        } catch (IOException | RuntimeException e) {
            if (recording != null) {
                recording.close();
            }
            lan.close();
            throw e;
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("-D" + property + " is not set: LaunchedHost.join() is for JVMs started by JvmLauncher.launchHost");
        }
        return value;
    }

    /** This JVM's stack on the LAN. */
    public NetStack stack() {
        return stack;
    }

    /** Closes the stack and the switch connection, and completes the recording. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            stack.close();
            lan.close();
        } finally {
            recording.close();
        }
        if (Thread.currentThread() != onExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException e) {
                // the JVM is already exiting: the hook runs and finds the host closed
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            System.err.println("vnetif host: closing at exit failed: " + e); // the JVM is ending: nowhere else to say it
        }
    }
}
