package io.vnetif.it;

import io.vnetif.junit.ChildProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vnetif.proto.v1.ListNetworksRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Captures read by tshark: to a file, and live through a pipe. */
class CaptureIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @BeforeAll
    static void needTshark() throws Exception {
        Tools.require("tshark");
    }

    private static String cliJar() {
        return Path.of(System.getProperty("vnetif.cli.jar", "../cli/target/vnetif.jar")).toAbsolutePath().toString();
    }

    private static void awaitCaptureSessions(SwitchProcess sw, int count) {
        await().atMost(TIMEOUT).until(() -> sw.admin().listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList().stream()
                .filter(n -> n.getName().equals("lab")).mapToInt(n -> n.getCaptureSessions()).sum() == count);
    }

    @Test
    void tsharkDissectsACapturedFileAsArpAndUdpWithPortsAsInterfaces() throws Exception {
        Path file = Files.createTempFile("vnetif", ".pcapng");
        try (SwitchProcess sw = SwitchProcess.start();
             ClientProcess alice = ClientProcess.start("alice", sw, "lab", "-", "alice");
             ClientProcess bob = ClientProcess.start("bob", sw, "lab", "-", "bob")) {
            try (ChildProcess capture = Launch.jar("capture", Path.of(cliJar()), List.of("capture", "--network", "lab",
                    "-w", file.toString(), "-c", "6", "--switch=" + sw.control()))) {
                awaitCaptureSessions(sw, 1);
                alice.sendFrame(Frames.arpRequest(alice.mac(), "198.19.0.1", "198.19.0.2"));
                bob.sendFrame(Frames.arpReply(bob.mac(), "198.19.0.2", alice.mac(), "198.19.0.1"));
                alice.sendFrame(Frames.udp(alice.mac(), "198.19.0.1", bob.mac(), "198.19.0.2", 9999, "hi"));
                assertThat(capture.awaitExit(TIMEOUT)).isZero();
            }
            String fields = Tools.run("tshark", "-r", file.toString(), "-T", "fields", "-E", "separator=,",
                    "-e", "frame.interface_name", "-e", "_ws.col.Protocol", "-e", "eth.src", "-e", "arp.src.proto_ipv4",
                    "-e", "udp.dstport", "-e", "frame.packet_flags_direction", "-e", "frame.time_epoch");
            // One row per packet (tshark may add warnings, e.g. when run as root: not packets).
            List<String[]> rows = fields.lines().map(l -> l.split(",", -1)).filter(r -> r.length == 7).toList();
            assertThat(rows).hasSize(6);
            assertThat(rows).extracting(r -> r[1]).containsExactlyInAnyOrder("ARP", "ARP", "ARP", "ARP", "UDP", "UDP");
            assertThat(rows).extracting(r -> r[0] + " " + r[5] + " " + r[1]).containsExactlyInAnyOrder(
                    // direction flags: 1 inbound (as the port sent it to the switch), 2 outbound (as delivered)
                    "alice 0x00000001 ARP", "bob 0x00000002 ARP",   // the request: as alice sent it, as bob got it
                    "bob 0x00000001 ARP", "alice 0x00000002 ARP",   // the reply
                    "alice 0x00000001 UDP", "bob 0x00000002 UDP");
            assertThat(rows).filteredOn(r -> r[1].equals("ARP") && r[2].equals(alice.mac())).extracting(r -> r[3])
                    .containsOnly("198.19.0.1");
            assertThat(rows).filteredOn(r -> r[1].equals("UDP")).extracting(r -> r[4]).containsOnly("9999");
            List<Double> times = new ArrayList<>();
            rows.forEach(r -> times.add(Double.parseDouble(r[6])));
            assertThat(times).isSorted();
            assertThat(times.get(0)).isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(120.0));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aLivePipeIntoTsharkShowsFramesWhileTheyFlow() throws Exception {
        try (SwitchProcess sw = SwitchProcess.start();
             ClientProcess alice = ClientProcess.start("alice", sw, "lab", "-", "alice");
             ClientProcess bob = ClientProcess.start("bob", sw, "lab", "-", "bob");
             ChildProcess pipe = Launch.command("capture|tshark", List.of("sh", "-c", Launch.javaBinary() + " -jar " + cliJar()
                     + " capture --network lab -w - --switch=" + sw.control()
                     + " | tshark -l -r - -T fields -e frame.interface_name -e _ws.col.Protocol -e eth.src"))) {
            awaitCaptureSessions(sw, 1);
            alice.sendFrame(Frames.arpRequest(alice.mac(), "198.19.0.1", "198.19.0.2"));
            pipe.expect("^alice\\tARP\\t" + alice.mac() + "$", TIMEOUT);
            bob.sendFrame(Frames.udp(bob.mac(), "198.19.0.2", alice.mac(), "198.19.0.1", 9999, "live"));
            pipe.expect("^bob\\tUDP\\t" + bob.mac() + "$", TIMEOUT);
        }
    }

    /** Hand-made frames (hex) of the protocols tshark should recognise. */
    static final class Frames {
        private Frames() {
        }

        static String arpRequest(String mac, String ip, String targetIp) {
            return "ffffffffffff" + hex(mac) + "0806" + "0001080006040001" + hex(mac) + ip(ip) + "000000000000" + ip(targetIp);
        }

        static String arpReply(String mac, String ip, String toMac, String toIp) {
            return hex(toMac) + hex(mac) + "0806" + "0001080006040002" + hex(mac) + ip(ip) + hex(toMac) + ip(toIp);
        }

        static String udp(String mac, String ip, String toMac, String toIp, int port, String text) {
            byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int udpLength = 8 + payload.length;
            String header = "4500" + String.format("%04x", 20 + udpLength) + "00004000" + "4011" + "0000" + ip(ip) + ip(toIp);
            String withChecksum = header.substring(0, 20) + String.format("%04x", checksum(header)) + header.substring(24);
            return hex(toMac) + hex(mac) + "0800" + withChecksum + "04d2" + String.format("%04x%04x", port, udpLength) + "0000"
                    + HexFormat.of().formatHex(payload);
        }

        private static int checksum(String hexHeader) {
            byte[] h = HexFormat.of().parseHex(hexHeader);
            int sum = 0;
            for (int i = 0; i < h.length; i += 2) {
                sum += ((h[i] & 0xFF) << 8) | (h[i + 1] & 0xFF);
            }
            while ((sum >> 16) != 0) {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }
            return ~sum & 0xFFFF;
        }

        private static String hex(String mac) {
            return mac.replace(":", "");
        }

        private static String ip(String dotted) {
            StringBuilder b = new StringBuilder();
            for (String part : dotted.split("\\.")) {
                b.append(String.format("%02x", Integer.parseInt(part)));
            }
            return b.toString();
        }
    }
}
