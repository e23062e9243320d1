package io.vnetif.cli;

import io.vnetif.proto.mapping.SwitchCounters;
import io.vnetif.proto.v1.Counters;
import io.vnetif.proto.v1.DropCount;
import io.vnetif.proto.v1.FrameLedger;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.GetStatsResponse;
import io.vnetif.proto.v1.NetworkStats;
import io.vnetif.proto.v1.PortStats;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vnetif stats}: per-port and per-network counters, drops by reason, what impairments did. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Shows counters per port and network: frames, bytes, drops by reason, impairments.")
final class StatsCommand extends SwitchCommand {
    @Mixin
    NetworkFilter network;

    @Option(names = "--json", description = "Print the GetStats answer as JSON, for scripts (see docs/cli.md#json).")
    boolean json;

    @Override
    public Integer call() {
        GetStatsResponse stats = connection.call(stub -> stub.getStats(GetStatsRequest.newBuilder()
                .setNetwork(network.orAll()).build()));
        PrintWriter out = out();
        if (json) {
            out.println(Json.of(stats));
            return 0;
        }
        String format = "%-12s %-17s %-12s %10s %12s %10s %12s  %s%n";
        out.printf(format, "NETWORK", "PORT", "LABEL", "RX_FRAMES", "RX_BYTES", "TX_FRAMES", "TX_BYTES", "DROPS / IMPAIRED");
        for (PortStats p : stats.getPortsList()) {
            Counters c = p.getCounters();
            out.printf(format, p.getNetwork(), p.getMac(), p.getLabel(), c.getRxFrames(), c.getRxBytes(), c.getTxFrames(),
                    c.getTxBytes(), events(c));
        }
        for (NetworkStats n : stats.getNetworksList()) {
            Counters c = n.getTotals();
            out.printf(format, n.getName(), "(" + n.getPorts() + " ports)", "total", c.getRxFrames(), c.getRxBytes(), c.getTxFrames(),
                    c.getTxBytes(), events(c) + (n.getMacTableOverflows() > 0 ? " mac_table_overflows=" + n.getMacTableOverflows() : "")
                    + (n.getMacMoves() > 0 ? " mac_moves=" + n.getMacMoves() : "") + (n.getMacFlaps() > 0 ? " mac_flaps=" + n.getMacFlaps() : ""));
        }
        if (stats.getUnattributedDropsCount() > 0) {
            out.println("dropped before reaching a port: " + drops(stats.getUnattributedDropsList()));
        }
        if (!stats.hasLedger()) {
            return 0; // a token scoped to some networks sees neither the switch's books nor its data plane
        }
        FrameLedger l = stats.getLedger();
        long dropped = l.getDroppedList().stream().mapToLong(DropCount::getCount).sum();
        long unaccounted = l.getReceived() + l.getCopies() - l.getDelivered() - dropped - l.getHeld();
        // Switch-wide, so it keeps the history of ports that left (the rows above show only current ports).
        out.printf("switch: received %d + copies %d = delivered %d + dropped %d + held %d%s%n", l.getReceived(), l.getCopies(),
                l.getDelivered(), dropped, l.getHeld(), unaccounted == 0 ? "" : "   UNACCOUNTED " + unaccounted);
        out.println(dataPlane(SwitchCounters.byName(stats)));
        return 0;
    }

    /** How the switch moved datagrams: the receive and send batch sizes say how well it batches under this load. */
    private static String dataPlane(Map<String, Long> c) {
        String receive = c.getOrDefault("direct_io_enabled", 0L) == 1
                ? "direct I/O (" + perBatch(c.getOrDefault("receive_datagrams", 0L), c.getOrDefault("receive_batches", 0L))
                        + " datagrams per recvmmsg)"
                : "Netty I/O";
        String send = c.getOrDefault("udp_gso_enabled", 0L) == 1
                ? "UDP GSO (" + perBatch(c.getOrDefault("udp_gso_datagrams", 0L), c.getOrDefault("udp_gso_sends", 0L))
                        + " datagrams per segmented send)"
                : "no UDP GSO";
        Long allocated = c.get("data_loop_allocated_bytes");
        return "data plane: " + receive + ", " + send + (allocated == null ? "" : ", data-plane thread allocated " + allocated + " bytes");
    }

    private static String perBatch(long datagrams, long batches) {
        return batches == 0 ? "-" : String.format(Locale.ROOT, "%.1f", (double) datagrams / batches);
    }

    private static String drops(List<DropCount> drops) {
        List<String> parts = new ArrayList<>();
        drops.forEach(d -> parts.add(d.getReason().name().toLowerCase(Locale.ROOT) + "=" + d.getCount()));
        return String.join(" ", parts);
    }

    private static String events(Counters c) {
        List<String> parts = new ArrayList<>();
        if (c.getDropsCount() > 0) {
            parts.add(drops(c.getDropsList()));
        }
        List<String> impaired = new ArrayList<>();
        c.getImpairedList().forEach(i -> impaired.add(i.getOutcome().name().substring("IMPAIRED_".length()).toLowerCase(Locale.ROOT)
                + "=" + i.getCount()));
        if (!impaired.isEmpty()) {
            parts.add("/ " + String.join(" ", impaired));
        }
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }
}
