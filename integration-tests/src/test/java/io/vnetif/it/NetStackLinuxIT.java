package io.vnetif.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vnetif.junit.ChildProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * vnetif's TCP/IP stack against Linux's, through the switch: a kernel host on a VXLAN port (h1,
 * 198.19.0.1 and 2001:db8::1) and Java hosts — {@code vnetif host} processes on native ports of the switch's
 * own host — move data both ways, checked by SHA-256, plain and under impairments set at run time, and ping
 * each other over IPv4 and IPv6.
 */
class NetStackLinuxIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String KERNEL = "198.19.0.1";
    private static final String JAVA = "198.19.0.100";
    private static final String JAVA6 = "2001:db8::100";
    private static String kernel6;

    private static KernelLan lan;
    private static String h1;
    private static ChildProcess javaHost;
    private static RandomFile data;

    @BeforeAll
    static void buildTheLan() throws Exception {
        lan = KernelLan.start();
        h1 = lan.vxlanHost(1);
        kernel6 = KernelLan.ipv6(h1, 1);
        // The switch's datagrams leave with their UDP checksum computed in full, as a physical NIC would
        // send them: over a veth with checksum offload the kernel would take the VXLAN frame's inner
        // checksum on trust, and frames the switch corrupts on purpose would reach the socket.
        Netns.run(Netns.in(lan.net.switchHost, "ethtool", "-K", lan.net.prefix + "s1", "tx", "off"));
        data = RandomFile.of(100, 16);
        javaHost = javaHost("java", JAVA, "--ip6", JAVA6 + "/64", "--echo", "7", "--discard", "9", "--source", "19", "--source-bytes", "100mb");
        javaHost.expect("^host " + JAVA + "/24 up", TIMEOUT);
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            if (javaHost != null) {
                javaHost.close();
            }
            if (data != null) {
                data.close();
            }
        } finally {
            if (lan != null) {
                lan.close();
            }
        }
    }

    @AfterEach
    void clearImpairments() throws Exception {
        lan.vnetif("impair", "clear", "--network", "lab");
        lan.vnetif("heal", "--network", "lab");
    }

    /** {@code vnetif host} in the switch's host, on network lab with the VXLAN hosts' MTU. */
    private static ChildProcess javaHost(String label, String ip, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("-jar", KernelLan.cliJar(), "host", "--switch", "127.0.0.1:" + KernelLan.CONTROL_PORT,
                "--network", "lab", "--ip", ip + "/24", "--mtu", "1450", "--label", label, "--stats"));
        args.addAll(List.of(more));
        return Launch.inNamespace(label, lan.net.switchHost, args);
    }

    /** A shell line in the switch's host, for a Java host whose standard input or output is a file or a pipe. */
    private static ChildProcess javaHostShell(String label, String ip, String hostArgs, String redirections) throws Exception {
        String java = Launch.javaBinary() + " -Xmx256m -jar " + KernelLan.cliJar() + " host --switch 127.0.0.1:" + KernelLan.CONTROL_PORT
                + " --network lab --ip " + ip + "/24 --mtu 1450 --label " + label + " --stats " + hostArgs;
        return Launch.command(label, Netns.in(lan.net.switchHost, "sh", "-c", java + " " + redirections));
    }

    /** The Java host's line for the connection from the kernel's {@code port} to its discard service: group 1 bytes, 2 SHA-256. */
    private static Matcher discarded(int port) throws InterruptedException {
        return javaHost.expect("^discard 9: " + KERNEL + ":" + port + " closed after (\\d+) bytes, sha256 (\\w+)", TIMEOUT);
    }

    private static String sha256Of(ChildProcess p) throws InterruptedException {
        return p.expect("^([0-9a-f]{64})\\s", TIMEOUT).group(1);
    }

    @Test
    void aLinuxClientSendsAHundredMebibytesToTheJavaStack() throws Exception {
        Netns.run(Netns.in(h1, "socat", "-u", "FILE:" + data.path(), "TCP:" + JAVA + ":9,sourceport=40000,retry=20,interval=0.2"));
        Matcher done = discarded(40_000);
        assertThat(Long.parseLong(done.group(1))).isEqualTo(data.bytes());
        assertThat(done.group(2)).isEqualTo(data.sha256());
    }

    @Test
    void aLinuxClientReadsAHundredMebibytesFromTheJavaStack() throws Exception {
        try (ChildProcess reader = Launch.command("tcp-reader", Netns.in(h1, "sh", "-c",
                "socat -u TCP:" + JAVA + ":19,sourceport=40001,retry=20,interval=0.2 STDOUT | sha256sum"))) {
            String received = sha256Of(reader);
            Matcher sent = javaHost.expect("^source 19: sent " + KERNEL + ":40001 (\\d+) bytes, sha256 (\\w+)", TIMEOUT);
            assertThat(Long.parseLong(sent.group(1))).isEqualTo(100L << 20);
            assertThat(received).isEqualTo(sent.group(2));
        }
    }

    @Test
    void aJavaClientSendsAHundredMebibytesToALinuxServer() throws Exception {
        try (ChildProcess receiver = KernelLan.sha256Listener(h1, 5001);
             ChildProcess client = javaHostShell("java-client", "198.19.0.101", "--connect " + KERNEL + ":5001", "< " + data.path())) {
            assertThat(client.awaitExit(TIMEOUT)).as("exit status of the Java client").isZero();
            assertThat(sha256Of(receiver)).isEqualTo(data.sha256());
            // The connection, as the Java client's stack saw it (its table, printed as it ends):
            assertThat(String.join("\n", client.output())).contains("wscale:", " ts ", " sack ");
        }
    }

    @Test
    void aJavaClientReadsAHundredMebibytesFromALinuxServer() throws Exception {
        try (ChildProcess server = Launch.command("tcp-server", Netns.in(h1, "socat", "-u", "FILE:" + data.path(), "TCP-LISTEN:5002,reuseaddr"));
             ChildProcess client = javaHostShell("java-reader", "198.19.0.102", "--connect " + KERNEL + ":5002",
                     "< /dev/null | sha256sum")) {
            assertThat(sha256Of(client)).isEqualTo(data.sha256());
            assertThat(server.awaitExit(TIMEOUT)).isZero();
        }
    }

    /**
     * Linux's view of a connection with the Java stack: the handshake on the wire offers and answers window
     * scaling, SACK and timestamps, and Linux's socket takes timestamps off its MSS. (The {@code ss} of
     * iproute2 6.1 prints no {@code ts} and {@code sack} with this kernel, for kernel-to-kernel connections too.)
     */
    @Test
    void linuxNegotiatesWindowScalingTimestampsAndSackWithTheJavaStack() throws Exception {
        try (ChildProcess capture = Launch.command("tshark", Netns.in(h1, "sh", "-c",
                "tshark -n -l -i vx0 -c 2 -f 'tcp port 7 and tcp[tcpflags] & tcp-syn != 0' 2>&1"))) {
            capture.expect("Capture started", TIMEOUT);
            try (ChildProcess held = Launch.command("held-open", Netns.in(h1, "socat", "-u", "EXEC:sleep 60", "TCP:" + JAVA + ":7"))) {
                String synAck = capture.expect(JAVA + " → " + KERNEL + " .*\\[SYN, ACK\\].*", TIMEOUT).group();
                assertThat(synAck).contains("WS=8", "SACK_PERM", "TSval=");
                String ss = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                        .until(() -> Netns.run(Netns.in(h1, "ss", "-tin", "dst", JAVA)), out -> out.contains("ESTAB"));
                assertThat(ss).contains("wscale:3,", "mss:1398"); // 1450 - 40 - 12 bytes of timestamps
            }
        }
    }

    /**
     * A transfer each way while the switch impairs the network, the rule added once the transfers run:
     * both arrive intact, each byte stream's SHA-256 checked.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"loss 1% | 40010 | lost=[1-9]", "loss 5% | 40011 | lost=[1-9]",
            "reorder 10% delay 5ms 2ms | 40012 | delayed=[1-9]", "duplicate 5% | 40013 | duplicated=[1-9]",
            "corrupt 1% | 40014 | corrupted=[1-9]", "partition 2s | 40015 | [1-9]\\d* retransmission timeouts"})
    void transfersBothWaysCompleteIntactUnderImpairments(String impairment, int kernelPort, String evidence) throws Exception {
        // Rate-limited from the start, so that the transfers still run when the impairment comes (unlimited,
        // they end before a CLI's JVM has started).
        lan.vnetif("impair", "--network", "lab", "rate", "40mbit", "queue", "256kb");
        try (RandomFile sent = RandomFile.of(16, impairment.hashCode());
             ChildProcess receiver = KernelLan.sha256Listener(h1, 5003);
             ChildProcess javaClient = javaHostShell("java-impaired", "198.19.0.103", "--connect " + KERNEL + ":5003", "< " + sent.path());
             ChildProcess kernelClient = Launch.command("kernel-client", Netns.in(h1, "socat", "-u", "FILE:" + sent.path(),
                     "TCP:" + JAVA + ":9,sourceport=" + kernelPort + ",retry=20,interval=0.2"))) {
            if (impairment.startsWith("partition")) {
                // The partition names the client's port by its label: it must be attached first (its JVM may still start).
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                        .until(() -> lan.vnetif("ports", "--network", "lab"), ports -> ports.contains("java-impaired"));
                lan.vnetif("partition", "--network", "lab", "h1", "/", "java,java-impaired");
                Thread.sleep(2_000); // the partition's length: what the scenario is, not a wait for anything
                lan.vnetif("heal", "--network", "lab");
            } else {
                List<String> rule = new ArrayList<>(List.of("impair", "--network", "lab"));
                rule.addAll(List.of(impairment.split(" ")));
                lan.vnetif(rule.toArray(String[]::new));
            }
            assertThat(javaClient.awaitExit(TIMEOUT)).as("exit status of the Java client").isZero();
            assertThat(sha256Of(receiver)).as("Java to Linux under " + impairment).isEqualTo(sent.sha256());
            assertThat(kernelClient.awaitExit(TIMEOUT)).isZero();
            Matcher done = discarded(kernelPort);
            assertThat(done.group(2)).as("Linux to Java under " + impairment).isEqualTo(sent.sha256());
            // It acted: the rule's counts, or the Java client's retransmission timeouts across the partition.
            String acted = lan.vnetif("impair", "list", "--network", "lab") + String.join("\n", javaClient.output());
            assertThat(acted).as("what " + impairment + " did").containsPattern(evidence);
        }
    }

    @Test
    void aHundredConcurrentLinuxConnectionsAreEchoed() throws Exception {
        try (ChildProcess clients = Launch.inNamespace("echo-clients", h1, List.of("-cp", System.getProperty("java.class.path"),
                KernelEchoClients.class.getName(), JAVA, "7", "100", "65536"))) {
            clients.expect("^opened 100$", TIMEOUT);
            clients.expect("^echoed 100$", TIMEOUT);
            assertThat(clients.awaitExit(TIMEOUT)).isZero();
        }
    }

    @Test
    void pingAndUdpBothWays() throws Exception {
        KernelLan.ping(h1, JAVA);
        String echoed = Netns.run(Netns.in(h1, "sh", "-c", "echo over-udp | socat -t 5 - UDP:" + JAVA + ":7"));
        assertThat(echoed).isEqualTo("over-udp\n");

        try (ChildProcess pinger = javaHost("java-pinger", "198.19.0.104", "--ping", KERNEL, "--count", "3", "--interval", "200ms")) {
            pinger.expect("^3 sent, [1-3] answered$", TIMEOUT);
            assertThat(pinger.awaitExit(TIMEOUT)).isZero();
        }
        try (ChildProcess udpEcho = Launch.command("udp-echo", Netns.in(h1, "socat", "UDP-LISTEN:5004,reuseaddr,fork", "PIPE"));
             ChildProcess udpClient = Launch.inNamespace("udp-client", lan.net.switchHost, List.of("-cp", System.getProperty("java.class.path"),
                     StackUdpClient.class.getName(), "127.0.0.1:" + KernelLan.CONTROL_PORT, "lab", "198.19.0.105/24", KERNEL, "5004", "10"))) {
            udpClient.expect("^answered 10$", TIMEOUT);
        }
    }

    /**
     * IPv6 with Linux: Linux resolves the Java stack by neighbour discovery and pings it, the Java stack
     * resolves and pings Linux, and a Java host given Linux's address finds it taken by duplicate address
     * detection (Linux answers its probe) and says so.
     */
    @Test
    void ping6BothWaysAndDuplicateAddressDetectionAgainstLinux() throws Exception {
        KernelLan.ping(h1, JAVA6);
        assertThat(Netns.run("ip", "-n", h1, "-6", "neigh", "show", "dev", "vx0", JAVA6)).as("Linux's neighbour entry")
                .matches("(?s)" + JAVA6 + " lladdr [0-9a-f:]{17} .*");
        try (ChildProcess pinger = javaHost("java-pinger6", "198.19.0.106", "--ip6", "2001:db8::106/64", "--ping", kernel6, "--count", "3",
                "--interval", "200ms")) {
            pinger.expect("^3 sent, [1-3] answered$", TIMEOUT);
            assertThat(pinger.awaitExit(TIMEOUT)).isZero();
        }
        try (ChildProcess taken = javaHost("java-dup6", "198.19.0.107", "--ip6", kernel6 + "/64", "--ping", kernel6)) {
            assertThat(taken.awaitExit(TIMEOUT)).as("exit status of a host given a taken address").isEqualTo(2);
            assertThat(taken.output()).as("what it printed (standard error)")
                    .contains("vnetif host: " + kernel6 + " already in use on the LAN (duplicate address detection, RFC 4862): "
                            + "give this stack another address");
        }
    }

    /** UDP over IPv6 both ways: Linux's datagram echoed by the Java host, and a Java client's ten echoed by socat on Linux. */
    @Test
    void udpOverIpv6BothWays() throws Exception {
        String echoed = Netns.run(Netns.in(h1, "sh", "-c", "echo over-udp6 | socat -t 5 - UDP6:[" + JAVA6 + "]:7"));
        assertThat(echoed).isEqualTo("over-udp6\n");
        try (ChildProcess udpEcho = Launch.command("udp6-echo", Netns.in(h1, "socat", "UDP6-LISTEN:5007,reuseaddr,fork", "PIPE"));
             ChildProcess udpClient = Launch.inNamespace("udp6-client", lan.net.switchHost, List.of("-cp", System.getProperty("java.class.path"),
                     StackUdpClient.class.getName(), "127.0.0.1:" + KernelLan.CONTROL_PORT, "lab", "198.19.0.109/24,2001:db8::109/64", kernel6,
                     "5007", "10"))) {
            udpClient.expect("^answered 10$", TIMEOUT);
        }
    }

    /** TCP over IPv6 both ways while the switch loses 1 % of the frames: each 16 MiB stream's SHA-256 checked. */
    @Test
    void tcpOverIpv6BothWaysUnderLoss() throws Exception {
        lan.vnetif("impair", "--network", "lab", "loss", "1%");
        try (RandomFile sent = RandomFile.of(16, 6)) {
            Netns.run(Netns.in(h1, "socat", "-u", "FILE:" + sent.path(), "TCP6:[" + JAVA6 + "]:9,sourceport=40020,retry=20,interval=0.2"));
            Matcher done = javaHost.expect("^discard 9: 2001:db8:0:0:0:0:0:1:40020 closed after (\\d+) bytes, sha256 (\\w+)", TIMEOUT);
            assertThat(Long.parseLong(done.group(1))).isEqualTo(sent.bytes());
            assertThat(done.group(2)).as("Linux to Java over IPv6").isEqualTo(sent.sha256());
            try (ChildProcess receiver = KernelLan.sha256Listener(h1, 5006, true);
                 ChildProcess client = javaHostShell("java6-client", "198.19.0.108", "--ip6 2001:db8::108/64 --connect [" + kernel6 + "]:5006",
                         "< " + sent.path())) {
                assertThat(client.awaitExit(TIMEOUT)).as("exit status of the Java client").isZero();
                assertThat(sha256Of(receiver)).as("Java to Linux over IPv6").isEqualTo(sent.sha256());
                assertThat(String.join("\n", client.output())).as("its connection table").contains("[2001:db8:0:0:0:0:0:108]:", "mss:1390");
            }
        }
    }
}
