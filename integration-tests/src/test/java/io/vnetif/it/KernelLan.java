package io.vnetif.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.junit.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The LAN of the kernel-stack tests: a switch with VXLAN in the switch host of a {@link Netns}, run from its
 * runnable jar, and kernel hosts on VXLAN ports of network {@code lab} at 198.19.0.N/24 — the lines of
 * docs/joining.md#linux-kernels-through-vxlan.
 */
final class KernelLan implements AutoCloseable {
    static final int CONTROL_PORT = 7400;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    final Netns net;
    private final ChildProcess switchJvm;

    private KernelLan(Netns net, ChildProcess switchJvm) {
        this.net = net;
        this.switchJvm = switchJvm;
    }

    /** Checks the prerequisites ({@link Netns#require()}), then starts the switch. */
    static KernelLan start() throws Exception {
        Netns.require();
        Netns net = new Netns();
        try {
            ChildProcess switchJvm = Launch.inNamespace("switch", net.switchHost, List.of("-jar", switchJar(),
                    "--control", "0.0.0.0:" + CONTROL_PORT, "--data", "0.0.0.0:7401", "--vxlan"));
            KernelLan lan = new KernelLan(net, switchJvm);
            switchJvm.expect("vnetif switch ready: .* vxlan=", TIMEOUT);
            return lan;
        } catch (Exception | Error e) {
            net.close();
            throw e;
        }
    }

    /** Adds kernel host {@code n} on a VXLAN port (VNI 42) with address 198.19.0.N/24 and MTU 1450; returns its namespace. */
    String vxlanHost(int n) throws Exception {
        String host = net.host(n);
        String attached = vnetif("vxlan", "--network", "lab", "--vni", "42", "--peer", Netns.underlay(n), "--label", "h" + n);
        assertThat(attached).contains("its vxlan device sends to " + Netns.switchUnderlay(n) + ":4789");
        Netns.run("ip", "-n", host, "link", "add", "vx0", "type", "vxlan", "id", "42", "local", Netns.underlay(n),
                "remote", Netns.switchUnderlay(n), "dstport", "4789");
        Netns.run("ip", "-n", host, "addr", "add", "198.19.0." + n + "/24", "dev", "vx0");
        Netns.run("ip", "-n", host, "link", "set", "vx0", "mtu", "1450", "up");
        Netns.run(Netns.in(host, "ethtool", "-K", "vx0", "tx", "off"));
        return host;
    }

    /** Gives kernel host {@code n} (of {@link #vxlanHost}) the IPv6 address 2001:db8::N/64 on its VXLAN port, without DAD; returns it. */
    static String ipv6(String host, int n) throws Exception {
        String address = "2001:db8::" + n;
        Netns.run("ip", "-n", host, "-6", "addr", "add", address + "/64", "dev", "vx0", "nodad");
        return address;
    }

    /** The vnetif command inside the switch host; its output. */
    String vnetif(String... args) throws Exception {
        List<String> cmd = Netns.in(net.switchHost, Launch.javaBinary(), "-jar", cliJar());
        cmd.addAll(List.of(args));
        cmd.add("--switch=127.0.0.1:" + CONTROL_PORT);
        return Netns.run(cmd);
    }

    static String switchJar() {
        return jar("vnetif.switch.jar", "../switch-server/target/vnetif-switch.jar");
    }

    static String cliJar() {
        return jar("vnetif.cli.jar", "../cli/target/vnetif.jar");
    }

    private static String jar(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().toString();
    }

    /** {@code socat} listening on TCP {@code port} in {@code host}, printing the SHA-256 of what it receives; returns once it listens. */
    static ChildProcess sha256Listener(String host, int port) throws Exception {
        return sha256Listener(host, port, false);
    }

    /** {@link #sha256Listener(String, int)} over IPv6 ({@code ipv6}) or IPv4. */
    static ChildProcess sha256Listener(String host, int port, boolean ipv6) throws Exception {
        ChildProcess receiver = Launch.command("tcp-receiver-" + port, Netns.in(host, "sh", "-c",
                "echo listening; socat -u " + (ipv6 ? "TCP6-LISTEN:" : "TCP-LISTEN:") + port + ",reuseaddr STDOUT | sha256sum"));
        receiver.expect("^listening$", TIMEOUT);
        return receiver;
    }

    /** Three answers within 15 s (a loaded machine may drop the first while ARP resolves). */
    static void ping(String fromHost, String to) throws Exception {
        Netns.run(Netns.in(fromHost, "ping", "-c", "3", "-i", "0.2", "-w", "15", to));
    }

    @Override
    public void close() throws Exception {
        try {
            switchJvm.close();
        } finally {
            net.close();
        }
    }
}
