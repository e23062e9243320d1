package io.vnetif.cli;

import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.GetStatsResponse;
import io.vnetif.proto.v1.PortStats;
import io.vnetif.text.Durations;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vnetif top}: per-port frame and byte rates, refreshed live, busiest first. On a terminal each refresh
 * replaces the last; into a pipe or file each is appended (no terminal codes), so {@code --iterations}
 * makes it a sampler for scripts.
 */
@Command(name = "top", mixinStandardHelpOptions = true, description = {
        "Shows per-port rates, refreshed every interval, until Ctrl-C.",
        "On a terminal each refresh replaces the last; into a pipe or file each is appended, without terminal codes."})
final class TopCommand extends SwitchCommand {
    private static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

    /** Whether stdout is a terminal, where clearing the screen makes a live display (never into a pipe). */
    boolean terminal = System.console() != null;

    @Mixin
    NetworkFilter network;

    @Option(names = "--interval", defaultValue = "1s", paramLabel = "DURATION", description = "Refresh period. Default: ${DEFAULT-VALUE}")
    String interval;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "0", description = "Stop after this many refreshes (0: until Ctrl-C).")
    int iterations;

    @Override
    public Integer call() throws InterruptedException {
        if (iterations < 0) {
            throw new IllegalArgumentException("--iterations: " + iterations + " is negative (0: until Ctrl-C)");
        }
        long periodMillis;
        try {
            periodMillis = Math.max(1, Durations.parsePositive(interval).toMillis());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--interval: " + e.getMessage(), e);
        }
        Map<Integer, long[]> previous = new HashMap<>();
        long previousAt = System.nanoTime();
        PrintWriter out = out();
        for (int i = 0; iterations == 0 || i < iterations; i++) {
            GetStatsResponse stats = connection.call(stub -> stub.getStats(GetStatsRequest.newBuilder().setNetwork(network.orAll()).build()));
            long now = System.nanoTime();
            double seconds = Math.max(1e-3, (now - previousAt) / 1e9);
            if (terminal) {
                out.print(CLEAR_SCREEN);
            } else if (i > 0) {
                out.println();
            }
            out.printf("vnetif top — %s — every %s%n%n%-12s %-17s %-12s %10s %10s %12s %12s %8s%n", connection.address(), interval,
                    "NETWORK", "PORT", "LABEL", "RX_FPS", "TX_FPS", "RX_BIT/S", "TX_BIT/S", "DROPS");
            stats.getPortsList().stream()
                    .sorted((x, y) -> Long.compare(total(y), total(x)))
                    .forEach(p -> row(out, p, previous.get(p.getPortId()), seconds));
            previous.clear();
            for (PortStats p : stats.getPortsList()) {
                previous.put(p.getPortId(), counters(p));
            }
            previousAt = now;
            out.flush();
            if (iterations == 0 || i + 1 < iterations) {
                Thread.sleep(periodMillis); // the refresh period of a live display
            }
        }
        return 0;
    }

    private static long total(PortStats p) {
        return p.getCounters().getRxFrames() + p.getCounters().getTxFrames();
    }

    private static long[] counters(PortStats p) {
        long drops = p.getCounters().getDropsList().stream().mapToLong(d -> d.getCount()).sum();
        return new long[] {p.getCounters().getRxFrames(), p.getCounters().getTxFrames(), p.getCounters().getRxBytes(),
                p.getCounters().getTxBytes(), drops};
    }

    private static void row(PrintWriter out, PortStats p, long[] before, double seconds) {
        long[] now = counters(p);
        long[] base = before == null ? now : before;
        out.printf("%-12s %-17s %-12s %10.0f %10.0f %12s %12s %8d%n", p.getNetwork(), p.getMac(), p.getLabel(),
                (now[0] - base[0]) / seconds, (now[1] - base[1]) / seconds,
                human((now[2] - base[2]) * 8 / seconds), human((now[3] - base[3]) * 8 / seconds), now[4]);
    }

    private static String human(double bits) {
        if (bits >= 1e9) {
            return String.format("%.2fG", bits / 1e9);
        }
        if (bits >= 1e6) {
            return String.format("%.2fM", bits / 1e6);
        }
        if (bits >= 1e3) {
            return String.format("%.1fk", bits / 1e3);
        }
        return String.format("%.0f", bits);
    }
}
