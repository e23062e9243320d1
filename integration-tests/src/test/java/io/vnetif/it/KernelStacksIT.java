package io.vnetif.it;

import io.vnetif.junit.ChildProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    private static final Duration TIMEOUT = KernelLan.TIMEOUT;
    private static final int CONTROL_PORT = KernelLan.CONTROL_PORT;
    private static final int RAW_PORT = 7500;

    private static KernelLan lan;
    private static Netns net;
    private static String h1;
    private static String h2;

    @BeforeAll
    static void buildTheLan() throws Exception {
        lan = KernelLan.start();
        net = lan.net;
        h1 = lan.vxlanHost(1);
        h2 = lan.vxlanHost(2);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (lan != null) {
            lan.close();
        }
    }

    private static String vnetif(String... args) throws Exception {
        return lan.vnetif(args);
    }

    private static void ping(String fromHost, String to) throws Exception {
        KernelLan.ping(fromHost, to);
    }

    @Test
    void kernelHostsOnVxlanPortsPingAndMoveAHundredMegabytesOfTcp() throws Exception {
        ping(h1, "198.19.0.2");

        try (RandomFile data = RandomFile.of(100, 1);
             ChildProcess receiver = KernelLan.sha256Listener(h2, 5001)) {
            Netns.run(Netns.in(h1, "socat", "-u", "FILE:" + data.path(), "TCP:198.19.0.2:5001,retry=50,interval=0.1"));
            String digest = receiver.expect("^([0-9a-f]{64})\\s", TIMEOUT).group(1);
            assertThat(digest).as("SHA-256 of the 100 MiB received").isEqualTo(data.sha256());
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
        try (ChildProcess tap = Launch.inNamespace("tap", h3, List.of("-jar", KernelLan.cliJar(),
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
