package io.vnetif.junit;

import io.vnetif.client.FrameMonitor;
import io.vnetif.client.NicOptions;
import io.vnetif.client.NicStats;
import io.vnetif.client.RemoteOptions;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.client.Vnetif;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One test's LAN: the switch (in this JVM, a process of its own, or remote), the interfaces injected
 * into the test, a launcher for more JVMs, and a recording of every injected interface's traffic for
 * the failure report. Closing it tears everything down.
 */
final class TestLan implements AutoCloseable {
    private static final Duration SWITCH_START = Duration.ofSeconds(30);
    /**
     * The switch PROCESS mode forks from the test class path. Named, not imported: vnetif-switch-server is an
     * optional dependency of this module, so a project that tests in process only does not carry the
     * server, its logging binding, JNA, Netty epoll and Prometheus on its class path.
     */
    static final String SWITCH_MAIN = "io.vnetif.server.SwitchMain";

    private final VirtualSwitch lan;
    private final ChildProcess switchProcess;
    private final JvmLauncher launcher;
    private final boolean shared;
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    private final Recording recording;
    private final Map<String, Vnetif> nics = new LinkedHashMap<>();
    private final Set<String> networks = new LinkedHashSet<>();
    /** The test's stacks; null until it asks for one (vnetif-netstack may be absent). */
    private TestHosts hosts;

    private TestLan(VirtualSwitch lan, ChildProcess switchProcess, String address, boolean shared) throws IOException {
        this.lan = lan;
        this.switchProcess = switchProcess;
        this.launcher = new JvmLauncher(address);
        this.shared = shared;
        this.recording = new Recording(recorded);
    }

    static TestLan create(VnetifTest.Mode mode, String address) throws IOException, InterruptedException {
        switch (mode) {
            case IN_PROCESS:
                return new TestLan(VirtualSwitch.inProcess(), null, null, false);
            case PROCESS: {
                requireSwitchOnClassPath();
                ChildProcess sw = ChildProcess.start("switch", List.of(JvmLauncher.javaBinary(), "-Xmx256m", "-cp",
                        System.getProperty("java.class.path"), ParentWatch.class.getName(), Long.toString(ProcessHandle.current().pid()),
                        SWITCH_MAIN, "--control", "127.0.0.1:0", "--data", "127.0.0.1:0", "--metrics", "off"));
                try {
                    String control = sw.expect("vnetif switch ready: control=(\\S+)", SWITCH_START).group(1);
                    return new TestLan(VirtualSwitch.remote(control), sw, control, false);
                } catch (RuntimeException | Error | InterruptedException e) {
                    sw.kill9();
                    throw e;
                }
            }
            default: {
                // No silent default: a test meant for a shared switch must not join whatever listens on 7400.
                String target = !address.isEmpty() ? address : VirtualSwitch.configuredAddress().orElseThrow(() -> new IllegalStateException(
                        "@VnetifTest(mode = REMOTE) needs a switch: address = \"host:port\", -D" + VirtualSwitch.SWITCH_PROPERTY
                                + "=host:port or $" + VirtualSwitch.SWITCH_VARIABLE));
                // A shared switch may be protected: the same variables as the vnetif command say how to reach it.
                return new TestLan(VirtualSwitch.remote(target, RemoteOptions.fromEnvironment()), null, target, true);
            }
        }
    }

    private static void requireSwitchOnClassPath() {
        try {
            Class.forName(SWITCH_MAIN, false, TestLan.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("@VnetifTest(mode = PROCESS) forks the switch from the test class path, which lacks it: "
                    + "add the dependency io.vnetif:vnetif-switch-server with scope test (or use IN_PROCESS or REMOTE)", e);
        }
    }

    VirtualSwitch lan() {
        return lan;
    }

    JvmLauncher launcher() {
        return launcher;
    }

    /** Attaches an interface for the test, recorded for the failure report. */
    Vnetif attach(Nic nic, String defaultLabel) throws IOException {
        return attach(nic.network(), nic.label().isEmpty() ? defaultLabel : nic.label(), nic.mac(), nic.mtu());
    }

    /**
     * A host for the test: a TCP/IP stack on an interface attached as {@link #attach} does. Returns a
     * {@code NetStack}, typed {@code Object} here so that this class loads without vnetif-netstack.
     */
    synchronized Object host(Host host, String defaultLabel) throws IOException {
        String label = host.label().isEmpty() ? defaultLabel : host.label();
        Vnetif nic = attach(host.network(), label, "", 1500);
        if (hosts == null) {
            hosts = new TestHosts();
        }
        return hosts.add(label, nic, host.address());
    }

    private synchronized Vnetif attach(String network, String label, String mac, int mtu) throws IOException {
        FrameMonitor record = recording.monitor(label, "vnetif interface " + label + " on network " + network);
        NicOptions.Builder options = NicOptions.builder().network(network).label(label).mtu(mtu).monitor(record);
        if (!mac.isEmpty()) {
            options.mac(mac);
        }
        Vnetif attached = lan.attach(options.build());
        nics.put(label, attached);
        networks.add(network);
        return attached;
    }

    /**
     * Writes the failure report next to the surefire reports; returns what it wrote. The launched JVMs are
     * stopped first, so that their hosts' recordings are whole.
     */
    synchronized List<Path> report(String testName) throws IOException, InterruptedException {
        launcher.close();
        Path dir = Path.of("target", "surefire-reports", "vnetif");
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        StringBuilder stats = new StringBuilder();
        nics.forEach((label, nic) -> {
            NicStats s = nic.stats();
            stats.append(String.format("%-16s %s rx %d frames %d bytes, tx %d frames %d bytes, rx dropped %d, tx dropped %d, link %s%n",
                    label, nic.mac(), s.rxFrames(), s.rxBytes(), s.txFrames(), s.txBytes(), s.rxDropped(), s.txDropped(), nic.state()));
        });
        String stopped = recording.stoppedBecause();
        if (stopped != null) {
            stats.append('(').append(stopped).append(")\n");
        }
        if (hosts != null) {
            stats.append(hosts.describe());
        }
        Path statsFile = dir.resolve(testName + ".stats.txt");
        Files.writeString(statsFile, stats);
        written.add(statsFile);
        recording.flush();
        Path capture = dir.resolve(testName + ".pcapng");
        synchronized (recording) {
            Files.write(capture, recorded.toByteArray());
        }
        written.add(capture);
        written.addAll(launcher.copyRecordings(dir, testName));
        return written;
    }

    /** Detaches the interfaces, undoes the test's faults on a shared switch, stops processes. */
    @Override
    public void close() throws InterruptedException, IOException {
        try {
            if (shared) {
                for (String network : networks) {
                    try {
                        lan.clearImpairments(network);
                        lan.heal(network);
                    } catch (RuntimeException e) {
                        // the network went with its last port: nothing to undo
                    }
                }
            }
            launcher.close();
        } finally {
            try {
                if (hosts != null) {
                    hosts.close();
                }
                launcher.deleteRecordings();
                lan.close();
            } finally {
                if (switchProcess != null) {
                    switchProcess.close();
                }
            }
        }
    }
}
