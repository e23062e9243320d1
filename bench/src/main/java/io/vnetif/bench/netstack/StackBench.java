package io.vnetif.bench.netstack;

import io.vnetif.bench.ResultTable;
import io.vnetif.netstack.TcpOptions;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The TCP/IP stack between two Java hosts on the in-process switch (no sockets of the OS): bulk transfer,
 * 1-byte round trips, goodput under loss with CUBIC and NewReno, connections opened and closed per second,
 * heap per idle connection, heap allocated per segment. Prints one table and writes
 * bench/results/netstack-inprocess.csv.
 */
@Command(name = "StackBench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "vnetif's TCP/IP stack, Java to Java on the in-process switch.")
public final class StackBench implements Callable<Integer> {
    private static final Set<String> PARTS = Set.of("bulk", "rr", "loss", "churn", "idle", "alloc");

    @Option(names = "--only", split = ",", defaultValue = "bulk,rr,loss,churn,idle,alloc",
            description = "Parts to run, of bulk, rr, loss, churn, idle, alloc. Default: ${DEFAULT-VALUE}")
    List<String> only;

    @Option(names = "--megabytes", defaultValue = "1024", description = "MiB per bulk transfer (bulk, alloc). Default: ${DEFAULT-VALUE}")
    long megabytes;

    @Option(names = "--rounds", defaultValue = "3", description = "Bulk transfers, and transfers per congestion control under loss. Default: ${DEFAULT-VALUE}")
    int rounds;

    @Option(names = "--seconds", defaultValue = "5", description = "Seconds measured for rr and churn (after as long again unmeasured). Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--loss", defaultValue = "0.01", description = "Fraction of frames lost in the loss part. Default: ${DEFAULT-VALUE}")
    double loss;

    @Option(names = "--loss-megabytes", defaultValue = "64", description = "MiB per transfer under loss. Default: ${DEFAULT-VALUE}")
    long lossMegabytes;

    @Option(names = "--churn-clients", split = ",", defaultValue = "1,4", description = "Client threads opening and closing connections. Default: ${DEFAULT-VALUE}")
    List<Integer> churnClients;

    @Option(names = "--time-wait", defaultValue = "1", description = "TIME-WAIT in seconds for churn (the default 60 s would fill the stack's connection table). Default: ${DEFAULT-VALUE}")
    int timeWaitSeconds;

    @Option(names = "--idle", defaultValue = "2000", description = "Idle connections held for the heap measurement. Default: ${DEFAULT-VALUE}")
    int idle;

    @Option(names = "--jfr", description = "alloc: also record JFR allocation samples and print the top allocation sites.")
    boolean jfr;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StackBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (String part : only) {
            if (!PARTS.contains(part)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--only " + part + ": give some of " + PARTS);
            }
        }
        System.out.printf("mode: two stacks on the in-process switch, one JVM; %d cores, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        ResultTable table = new ResultTable("netstack-inprocess", "figure", "value", "unit");
        long bytes = megabytes << 20;
        if (only.contains("bulk")) {
            try (StackPair pair = new StackPair(TcpOptions.DEFAULTS);
                 ServerSocket listening = pair.server.serverSocket(0)) {
                pair.transfer(listening, bytes); // warm-up: the JIT compiles the path
                for (int r = 1; r <= rounds; r++) {
                    double gbits = BulkTransfer.gbits(bytes, pair.transfer(listening, bytes));
                    table.add("bulk transfer, round " + r, ResultTable.fixed(gbits, 2), "Gbit/s");
                }
            }
        }
        if (only.contains("rr")) {
            try (StackPair pair = new StackPair(TcpOptions.DEFAULTS)) {
                long nanos = Duration.ofSeconds(seconds).toNanos();
                table.add("1-byte request/response", ResultTable.fixed(RoundTrips.perSecond(pair, nanos, nanos), 0), "round trips/s");
            }
        }
        if (only.contains("loss")) {
            for (int r = 1; r <= rounds; r++) {
                for (String cc : List.of("cubic", "newreno")) { // alternated, so noise of the machine falls on both
                    LossGoodput.Result result = LossGoodput.run(cc, loss, r, lossMegabytes << 20);
                    table.add(String.format("%s, loss %s%%, seed %d (%d retransmits, %d timeouts)", cc, ResultTable.fixed(loss * 100, 1), r,
                            result.retransmits(), result.timeouts()), ResultTable.fixed(result.gbits(), 3), "Gbit/s");
                }
            }
        }
        if (only.contains("churn")) {
            for (int clients : churnClients) {
                try (StackPair pair = new StackPair(TcpOptions.DEFAULTS.withTimeWait(Duration.ofSeconds(timeWaitSeconds)))) {
                    long nanos = Duration.ofSeconds(seconds).toNanos();
                    table.add("connections opened and closed, " + clients + " client thread(s)",
                            ResultTable.fixed(ConnectionChurn.perSecond(pair, clients, nanos, nanos), 0), "per second");
                }
            }
        }
        if (only.contains("idle")) {
            try (StackPair pair = new StackPair(TcpOptions.DEFAULTS)) {
                long perConnection = IdleConnections.bytesPerConnection(pair, idle);
                table.add("heap per idle connection, both ends (" + idle + " connections)", perConnection, "bytes");
            }
        }
        if (only.contains("alloc")) {
            try (StackPair pair = new StackPair(TcpOptions.DEFAULTS)) {
                Map<String, Double> perSegment = LoopAllocation.bytesPerSegment(pair, bytes / 4, bytes);
                perSegment.forEach((what, value) -> table.add("allocation: " + what, ResultTable.fixed(value, value >= 1000 ? 0 : 3), ""));
            }
            if (jfr) {
                try (StackPair pair = new StackPair(TcpOptions.DEFAULTS);
                     ServerSocket listening = pair.server.serverSocket(0)) {
                    pair.transfer(listening, bytes / 4);
                    System.out.println("top allocation sites during a transfer of " + megabytes + " MiB (JFR samples, bytes they stand for):");
                    AllocationSites.during(() -> pair.transfer(listening, bytes), 15).forEach(System.out::println);
                }
            }
        }
        table.printAndSave();
        return 0;
    }
}
