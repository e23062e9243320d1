package io.vnetif.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.PortStats;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Prometheus endpoint of a forked switch, scraped over HTTP while clients talk. */
class MetricsIT {

    /** The value of {@code metric} for the port with {@code mac} (0 when absent). */
    private static double value(String scrape, String metric, String mac, String extraLabel) {
        Pattern p = Pattern.compile("^" + metric + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = p.matcher(scrape);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("mac=\"" + mac + "\"") && (extraLabel == null || m.group(1).contains(extraLabel))) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    @Test
    void countersMoveAsFramesFlowAndMatchGetStats() throws Exception {
        try (SwitchProcess sw = SwitchProcess.start();
             ClientProcess a = ClientProcess.start("a", sw, "lab", "-", "alice");
             ClientProcess b = ClientProcess.start("b", sw, "lab", "-", "bob")) {
            assertThat(value(sw.scrape(), "vnetif_port_tx_frames_total", a.mac(), null)).isZero();
            for (int i = 0; i < 5; i++) {
                a.send(b.mac(), "frame " + i);
            }
            for (int i = 0; i < 5; i++) {
                b.nextText();
            }
            String before = sw.scrape();
            assertThat(value(before, "vnetif_port_tx_frames_total", a.mac(), null)).isEqualTo(5);
            assertThat(value(before, "vnetif_port_rx_frames_total", b.mac(), null)).isEqualTo(5);
            for (PortStats p : sw.admin().getStats(GetStatsRequest.newBuilder().setNetwork("lab").build()).getPortsList()) {
                assertThat(value(before, "vnetif_port_tx_frames_total", p.getMac(), null)).isEqualTo(p.getCounters().getTxFrames());
                assertThat(value(before, "vnetif_port_rx_bytes_total", p.getMac(), null)).isEqualTo(p.getCounters().getRxBytes());
            }
            assertThat(before).contains("vnetif_network_ports{network=\"lab\"} 2.0", "vnetif_attaches_total 2.0",
                    "label=\"alice\"", "kind=\"native\"");

            sw.admin().addImpairment(io.vnetif.proto.v1.AddImpairmentRequest.newBuilder().setNetwork("lab")
                    .setSpec(io.vnetif.proto.v1.ImpairmentSpec.newBuilder().setLoss(io.vnetif.proto.v1.LossSpec.newBuilder().setProbability(1))).build());
            a.send(b.mac(), "lost");
            await().atMost(Duration.ofSeconds(10)).until(() -> value(sw.scrape(), "vnetif_port_drops_total", b.mac(), "reason=\"loss\"") == 1);
            String after = sw.scrape();
            assertThat(value(after, "vnetif_port_impaired_total", b.mac(), "outcome=\"lost\"")).isEqualTo(1);
            assertThat(after).contains("vnetif_network_impairment_rules{network=\"lab\"} 1.0");
        }
    }
}
