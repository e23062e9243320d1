package io.vnetif.it;

import io.vnetif.junit.ChildProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real kernel stacks on the LAN, one port kind each: hosts are network namespaces joined to a switch
 * host by veth links; the switch runs in the switch host from its runnable jar; the kernels join
 * through VXLAN devices, a TAP bridge and a raw-UDP port (socat), a Java station through client-lib.
 * Overlay addresses: 198.19.0.N.
 */
class KernelStacksIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int CONTROL_PORT = 7400;
    private static final int RAW_PORT = 7500;

    private static Netns net;
    private static ChildProcess switchJvm;
    private static String h1;
    private static String h2;

    @BeforeAll
    static void buildTheLan() throws Exception {
        Netns.require();
        net = new Netns();
        h1 = net.host(1);
        h2 = net.host(2);
        switchJvm = Launch.inNamespace("switch", net.switchHost, List.of("-jar", jar("vnetif.switch.jar", "../switch-server/target/vnetif-switch.jar"),
                "--control", "0.0.0.0:" + CONTROL_PORT, "--data", "0.0.0.0:7401", "--vxlan"));
        switchJvm.expect("vnetif switch ready: .* vxlan=", TIMEOUT);
        for (int n = 1; n <= 2; n++) {
            String host = n == 1 ? h1 : h2;
            String attached = vnetif("vxlan", "--network", "lab", "--vni", "42", "--peer", Netns.underlay(n), "--label", "h" + n);
            assertThat(attached).contains("its vxlan device sends to " + Netns.switchUnderlay(n) + ":4789");
            // The lines for a kernel host of docs/joining.md#linux-kernels-through-vxlan:
            Netns.run("ip", "-n", host, "link", "add", "vx0", "type", "vxlan", "id", "42", "local", Netns.underlay(n),
                    "remote", Netns.switchUnderlay(n), "dstport", "4789");
            Netns.run("ip", "-n", host, "addr", "add", "198.19.0." + n + "/24", "dev", "vx0");
            Netns.run("ip", "-n", host, "link", "set", "vx0", "mtu", "1450", "up");
            Netns.run(Netns.in(host, "ethtool", "-K", "vx0", "tx", "off"));
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (switchJvm != null) {
            switchJvm.close();
        }
        if (net != null) {
            net.close();
        }
    }

    private static String jar(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().toString();
    }

    /** The vnetif command inside the switch host. */
    private static String vnetif(String... args) throws Exception {
        List<String> cmd = Netns.in(net.switchHost, Launch.javaBinary(), "-jar", jar("vnetif.cli.jar", "../cli/target/vnetif.jar"));
        cmd.addAll(List.of(args));
        cmd.add("--switch=127.0.0.1:" + CONTROL_PORT);
        return Netns.run(cmd);
    }

    /** Three answers within 15 s (a loaded machine may drop the first while ARP resolves). */
    private static void ping(String fromHost, String to) throws Exception {
        Netns.run(Netns.in(fromHost, "ping", "-c", "3", "-i", "0.2", "-w", "15", to));
    }

    @Test
    void kernelHostsOnVxlanPortsPingAndMoveAHundredMegabytesOfTcp() throws Exception {
        ping(h1, "198.19.0.2");

        Path data = Files.createTempFile("vnetif-tcp", ".bin");
        try {
            byte[] chunk = new byte[1 << 20];
            Random random = new Random(1);
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            try (var out = Files.newOutputStream(data)) {
                for (int i = 0; i < 100; i++) {
                    random.nextBytes(chunk);
                    sent.update(chunk);
                    out.write(chunk);
                }
            }
            try (ChildProcess receiver = Launch.command("tcp-receiver", Netns.in(h2, "sh", "-c",
                    "echo listening; socat -u TCP-LISTEN:5001,reuseaddr STDOUT | sha256sum"))) {
                receiver.expect("^listening$", TIMEOUT);
                Netns.run(Netns.in(h1, "socat", "-u", "FILE:" + data, "TCP:198.19.0.2:5001,retry=50,interval=0.1"));
                String digest = receiver.expect("^([0-9a-f]{64})\\s", TIMEOUT).group(1);
                assertThat(digest).as("SHA-256 of the 100 MiB received").isEqualTo(HexFormat.of().formatHex(sent.digest()));
            }
        } finally {
            Files.deleteIfExists(data);
        }
    }

    @Test
    void aJavaPortAnswersTheKernelsArpAndPing() throws Exception {
        List<String> args = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), ArpIcmpResponder.class.getName(),
                "127.0.0.1:" + CONTROL_PORT, "lab", "198.19.0.9"));
        try (ChildProcess responder = Launch.inNamespace("responder", net.switchHost, args)) {
            responder.expect("^READY", TIMEOUT);
            ping(h1, "198.19.0.9");
            responder.expect("^ARP who-has 198.19.0.9 tell 198.19.0.1$", TIMEOUT);
            responder.expect("^ICMP echo from 198.19.0.1$", TIMEOUT);
        }
    }

    @Test
    void aKernelBehindATapBridgeReachesTheVxlanHosts() throws Exception {
        String h3 = net.host(3);
        try (ChildProcess tap = Launch.inNamespace("tap", h3, List.of("-jar", jar("vnetif.cli.jar", "../cli/target/vnetif.jar"),
                "tap", "--switch", Netns.switchUnderlay(3) + ":" + CONTROL_PORT, "--network", "lab", "--dev", "vt0"))) {
            tap.expect("^tap vt0 bridged to network lab", TIMEOUT);
            Netns.run("ip", "-n", h3, "addr", "add", "198.19.0.3/24", "dev", "vt0");
            Netns.run("ip", "-n", h3, "link", "set", "vt0", "up");
            ping(h3, "198.19.0.1");
        }
    }

    @Test
    void aKernelOnARawUdpPortReachesTheVxlanHosts() throws Exception {
        String h4 = net.host(4);
        String attached = vnetif("raw", "--network", "lab", "--remote", Netns.underlay(4) + ":5555", "--local-port",
                Integer.toString(RAW_PORT), "--label", "h4");
        // The CLI reached the switch at 127.0.0.1; the line names the address the peer must send to instead.
        assertThat(attached).contains("raw UDP port #", "sends its frames to " + Netns.switchUnderlay(4) + ":" + RAW_PORT);
        // socat plays QEMU's -netdev dgram: a TAP device whose frames travel one per datagram.
        try (ChildProcess socat = Launch.command("socat", Netns.in(h4, "socat",
                "TUN:198.19.0.4/24,tun-type=tap,iff-no-pi,iff-up,tun-name=rt0",
                "UDP-DATAGRAM:" + Netns.switchUnderlay(4) + ":" + RAW_PORT + ",bind=" + Netns.underlay(4) + ":5555"))) {
            awaitAddress(h4, "198.19.0.4");
            ping(h4, "198.19.0.1");
        }
    }

    @Test
    void aKernelBehindVdesUdpPlugReachesTheVxlanHosts() throws Exception {
        String h5 = net.host(5);
        vnetif("raw", "--network", "lab", "--remote", Netns.underlay(5) + ":5555", "--local-port", Integer.toString(RAW_PORT + 1));
        // The VDE line of docs/joining.md#qemu-and-vde-one-raw-frame-per-datagram: a vde_plug cable from a UDP plug to a TAP device.
        try (ChildProcess plug = Launch.command("vde_plug", Netns.in(h5, "vde_plug",
                "udp://" + Netns.underlay(5) + ":5555->" + Netns.switchUnderlay(5) + ":" + (RAW_PORT + 1), "tap://vd0"))) {
            awaitLink(h5, "vd0");
            Netns.run("ip", "-n", h5, "addr", "add", "198.19.0.5/24", "dev", "vd0");
            Netns.run("ip", "-n", h5, "link", "set", "vd0", "up");
            ping(h5, "198.19.0.1");
        }
    }

    private static void awaitLink(String host, String device) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> Netns.run("ip", "-n", host, "-o", "link").contains(" " + device + ":"));
    }

    /** Until a device in {@code host} has the address and is up (socat sets both after creating it). */
    private static void awaitAddress(String host, String address) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> Netns.run("ip", "-n", host, "-o", "addr").contains(" " + address + "/")
                        && Netns.run("ip", "-n", host, "-o", "link").contains(",UP"));
    }
}
