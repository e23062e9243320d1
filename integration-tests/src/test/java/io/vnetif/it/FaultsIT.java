package io.vnetif.it;

import io.vnetif.junit.ChildProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vnetif.proto.v1.DropCount;
import io.vnetif.proto.v1.DropReason;
import io.vnetif.proto.v1.GetStatsRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Partitions and cuts set with the vnetif command (its runnable jar, forked) while clients in forked
 * JVMs talk: they take effect at once, nobody re-attaches, and healing restores the LAN.
 */
class FaultsIT {
    private static final String BROADCAST = "ff:ff:ff:ff:ff:ff";

    private static void vnetif(SwitchProcess sw, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("vnetif.cli.jar", "../cli/target/vnetif.jar"));
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add("--switch=" + sw.control());
        try (ChildProcess cli = Launch.jar("vnetif " + args[0], jar, all)) {
            assertThat(cli.awaitExit(Duration.ofSeconds(30))).as("vnetif " + String.join(" ", args)).isZero();
        }
    }

    private static long partitionDropsOn(SwitchProcess sw, String mac) {
        return sw.admin().getStats(GetStatsRequest.newBuilder().setNetwork("lab").build()).getPortsList().stream()
                .filter(p -> p.getMac().equals(mac))
                .flatMap(p -> p.getCounters().getDropsList().stream())
                .filter(d -> d.getReason() == DropReason.PARTITIONED).mapToLong(DropCount::getCount).sum();
    }

    @Test
    void aPartitionSplitsForkedClientsAtOnceAndHealingJoinsThem() throws Exception {
        try (SwitchProcess sw = SwitchProcess.start();
             ClientProcess a = ClientProcess.start("a", sw, "lab");
             ClientProcess b = ClientProcess.start("b", sw, "lab");
             ClientProcess c = ClientProcess.start("c", sw, "lab")) {
            vnetif(sw, "partition", "--network", "lab", a.mac(), "/", b.mac() + "," + c.mac());

            a.send(BROADCAST, "across the split");
            await().atMost(Duration.ofSeconds(10)).until(() -> partitionDropsOn(sw, b.mac()) == 1 && partitionDropsOn(sw, c.mac()) == 1);
            c.send(b.mac(), "same side");
            assertThat(b.nextText()).isEqualTo(c.mac() + " same side"); // nothing from a came first

            vnetif(sw, "heal", "--network", "lab");
            a.send(BROADCAST, "healed");
            assertThat(b.nextText()).isEqualTo(a.mac() + " healed");
            assertThat(c.nextText()).isEqualTo(a.mac() + " healed");
        }
    }

    @Test
    void aOneWayCutBlocksOneDirectionOnly() throws Exception {
        try (SwitchProcess sw = SwitchProcess.start();
             ClientProcess a = ClientProcess.start("a", sw, "lab");
             ClientProcess b = ClientProcess.start("b", sw, "lab")) {
            vnetif(sw, "cut", "--network", "lab", a.mac(), b.mac());

            b.send(a.mac(), "b to a");
            assertThat(a.nextText()).isEqualTo(b.mac() + " b to a");
            a.send(b.mac(), "a to b");
            await().atMost(Duration.ofSeconds(10)).until(() -> partitionDropsOn(sw, b.mac()) == 1);

            vnetif(sw, "cut", "--network", "lab", "--restore", a.mac(), b.mac());
            a.send(b.mac(), "restored");
            assertThat(b.nextText()).isEqualTo(a.mac() + " restored"); // "a to b" never arrived
        }
    }

    @Test
    void lossSetByTheCommandActsOnRunningClients() throws Exception {
        try (SwitchProcess sw = SwitchProcess.start();
             ClientProcess a = ClientProcess.start("a", sw, "lab");
             ClientProcess b = ClientProcess.start("b", sw, "lab")) {
            vnetif(sw, "impair", "--network", "lab", "--to", b.mac(), "loss", "100%");
            a.send(b.mac(), "lost");
            await().atMost(Duration.ofSeconds(10)).until(() -> sw.admin().getStats(GetStatsRequest.newBuilder().setNetwork("lab").build())
                    .getPortsList().stream().filter(p -> p.getMac().equals(b.mac()))
                    .flatMap(p -> p.getCounters().getDropsList().stream()).anyMatch(d -> d.getReason() == DropReason.LOSS));
            vnetif(sw, "impair", "clear", "--network", "lab");
            a.send(b.mac(), "through");
            assertThat(b.nextText()).isEqualTo(a.mac() + " through");
        }
    }
}
