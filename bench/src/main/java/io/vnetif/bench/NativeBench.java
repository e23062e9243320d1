package io.vnetif.bench;

import io.vnetif.client.VirtualSwitch;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The native path side by side with direct UDP between the same endpoints, in one run: client-lib
 * interfaces in this JVM on a switch (a separate process), against plain UDP socket pairs in this JVM.
 * Round trips (ping-pong, percentiles) and one-way throughput at offered rates; every figure also as a
 * ratio to the direct-UDP figure taken right beside it, and for the paths through the switch what the
 * switch counted meanwhile (heap bytes its data-plane thread allocated per frame, datagrams per receive
 * call and per segmented send). Prints tables, writes
 * bench/results/native-rtt.csv and native-throughput.csv.
 */
@Command(name = "NativeBench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "vnetif's native path against direct UDP: RTT percentiles and paced one-way throughput.")
public final class NativeBench implements Callable<Integer> {
    @Option(names = "--switch", paramLabel = "HOST:PORT", split = ",", defaultValue = "127.0.0.1:7400",
            description = "Switch control address; several (comma-separated) are measured side by side in the same run, e.g. a "
                    + "switch with a flag against one without. Default: ${DEFAULT-VALUE}")
    List<String> switchAddresses;

    @Option(names = "--mode", split = ",", defaultValue = "rtt,throughput", description = "rtt, throughput or both. Default: ${DEFAULT-VALUE}")
    List<Mode> modes;

    @Option(names = "--sizes", split = ",", defaultValue = "64,512,1500", description = "Frame sizes in bytes. Default: ${DEFAULT-VALUE}")
    List<Integer> sizes;

    @Option(names = "--pings", defaultValue = "20000", description = "Recorded round trips per size and path. Default: ${DEFAULT-VALUE}")
    int pings;

    /** Warm-up rounds at most, for a JIT that never settles. */
    private static final int MAX_WARMUP_ROUNDS = 10;
    /** One unmeasured round of one-way sending before a throughput run. */
    private static final Duration WARMUP_ROUND = Duration.ofMillis(500);
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    @Option(names = "--warmup-pings", defaultValue = "5000",
            description = "Unrecorded round trips before them, repeated until a round passes without the JIT compiling "
                    + "(at most 10 rounds). Default: ${DEFAULT-VALUE}")
    int warmupPings;

    @Option(names = "--ports", split = ",", defaultValue = "2", description = "Client ports for throughput (pairs = ports / 2). Default: ${DEFAULT-VALUE}")
    List<Integer> ports;

    @Option(names = "--rates", split = ",", defaultValue = "50000,100000,200000,0",
            description = "Offered frames/s (all pairs together); 0: unpaced, which measures overload. Default: ${DEFAULT-VALUE}")
    List<Double> rates;

    @Option(names = "--seconds", defaultValue = "2", description = "Sending time per throughput run. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--encrypted", description = "Also measure encrypted interfaces (AES-256-GCM per datagram) beside the plain ones.")
    boolean encrypted;

    enum Mode { rtt, throughput }

    /** The columns {@link SwitchProbe.Cost#cells()} fills. */
    private static final String[] SWITCH_COLUMNS = {"switch_B_per_frame", "datagrams_per_receive", "datagrams_per_gso_send"};

    public static void main(String[] args) {
        System.exit(new CommandLine(new NativeBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        System.out.printf("mode: one JVM for all client ports (vnetif interfaces and UDP sockets), switch at %s in its own process; "
                + "%d cores%n", String.join(" and ", switchAddresses), Runtime.getRuntime().availableProcessors());
        List<AutoCloseable> open = new ArrayList<>();
        try {
            List<BenchPath> paths = new ArrayList<>();
            List<BenchPath> wires = new ArrayList<>();
            for (String address : switchAddresses) {
                String at = switchAddresses.size() == 1 ? "" : " @" + address;
                VirtualSwitch lan = VirtualSwitch.remote(address);
                open.add(lan);
                SwitchProbe probe = new SwitchProbe(address);
                open.add(probe);
                paths.add(new VnetifPath(lan, false, probe, at));
                if (encrypted) {
                    paths.add(new VnetifPath(lan, true, probe, at));
                }
                if (modes.contains(Mode.rtt)) {
                    // Round trips also through the switch from plain sockets: what the switch adds, apart from the client library.
                    WirePath wire = new WirePath(address, probe, at);
                    open.add(wire);
                    wires.add(wire);
                }
            }
            BenchPath direct = new UdpPath(); // last: the baseline every ratio is taken against
            if (modes.contains(Mode.rtt)) {
                List<BenchPath> all = new ArrayList<>(paths);
                all.addAll(wires);
                all.add(direct);
                roundTrips(all).printAndSave();
            }
            if (modes.contains(Mode.throughput)) {
                paths.add(direct);
                throughput(paths).printAndSave();
            }
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
        }
        return 0;
    }

    private ResultTable roundTrips(List<BenchPath> paths) throws Exception {
        ResultTable table = new ResultTable("native-rtt", columns(new String[] {"bytes", "path", "pings", "lost", "p50_us", "p99_us",
                "p99.9_us", "max_us", "p50_x", "p99_x", "p99.9_x"}));
        System.out.printf("ping-pong: one ping in flight, rounds of %d warm-up round trips not recorded (until the JIT is quiet), "
                + "then %d recorded%n", warmupPings, pings);
        for (int size : sizes) {
            List<Latency> results = new ArrayList<>();
            List<SwitchProbe.Cost> costs = new ArrayList<>();
            for (BenchPath path : paths) {
                System.err.printf("rtt %s %d bytes ...%n", path.name(), size);
                try (EndpointPair pair = path.open(size)) {
                    int rounds = untilJitQuiet(() -> PingPong.measure(pair, warmupPings, 0));
                    System.err.printf("  warmed up with %d x %d round trips%n", rounds, warmupPings);
                    SwitchProbe.Sample before = SwitchProbe.sample(path);
                    results.add(PingPong.measure(pair, 0, pings));
                    costs.add(SwitchProbe.sample(path).since(before));
                }
            }
            Latency baseline = results.get(results.size() - 1);
            PercentilePlot plot = new PercentilePlot("Round trips, " + size + "-byte frames");
            for (int i = 0; i < paths.size(); i++) {
                Latency l = results.get(i);
                table.add(cells(new Object[] {size, paths.get(i).name(), l.pings(), l.lost(), us(l.p50()), us(l.p99()), us(l.p999()),
                        us(l.max()), ratio(l.p50(), baseline.p50()), ratio(l.p99(), baseline.p99()), ratio(l.p999(), baseline.p999())},
                        costs.get(i)));
                plot.add(paths.get(i).name(), l.nanos());
            }
            Path png = ResultTable.RESULTS.resolve("native-rtt-" + size + ".png");
            plot.writePng(png);
            System.out.println("wrote " + png);
        }
        return table;
    }

    /** One unmeasured round of load. */
    private interface WarmUpRound {
        void run() throws InterruptedException;
    }

    /**
     * Unmeasured rounds until one passes without the JIT compiling (at most {@link #MAX_WARMUP_ROUNDS}):
     * on two cores a compiler thread busy during a measurement takes a core from the path measured — the
     * first path measured in a JVM paid for everyone's compilation.
     *
     * @return the rounds it took
     */
    private static int untilJitQuiet(WarmUpRound round) throws InterruptedException {
        int rounds = 0;
        long compiledBefore;
        do {
            compiledBefore = JIT.getTotalCompilationTime();
            round.run();
            rounds++;
        } while (JIT.getTotalCompilationTime() > compiledBefore && rounds < MAX_WARMUP_ROUNDS);
        return rounds;
    }

    private ResultTable throughput(List<BenchPath> paths) throws Exception {
        ResultTable table = new ResultTable("native-throughput", columns(new String[] {"ports", "bytes", "offered_fps", "path", "sent_fps",
                "delivered_fps", "gbit_s", "loss_pct", "delivered_x"}));
        System.out.printf("one-way: one sender thread round-robin over ports/2 pairs for %d s per run, after rounds of 0.5 s until "
                + "the JIT is quiet; offered 0 = unpaced%n", seconds);
        for (int portCount : ports) {
            for (int size : sizes) {
                for (double rate : rates) {
                    List<Measured> results = new ArrayList<>();
                    for (BenchPath path : paths) {
                        System.err.printf("throughput %s %d ports %d bytes offered %s ...%n", path.name(), portCount, size, rate == 0 ? "unpaced" : (long) rate);
                        results.add(oneWay(path, portCount / 2, size, rate));
                    }
                    OneWay.Throughput baseline = results.get(results.size() - 1).throughput();
                    for (int i = 0; i < paths.size(); i++) {
                        OneWay.Throughput t = results.get(i).throughput();
                        table.add(cells(new Object[] {portCount, size, (long) rate, paths.get(i).name(), (long) t.offeredPerSecond(),
                                (long) t.deliveredPerSecond(), ResultTable.fixed(t.deliveredPerSecond() * size * 8 / 1e9, 3),
                                ResultTable.fixed(t.loss() * 100, 2), ratio(t.deliveredPerSecond(), baseline.deliveredPerSecond())},
                                results.get(i).cost()));
                    }
                }
            }
        }
        return table;
    }

    /** A throughput run with what the switch counted during it. */
    private record Measured(OneWay.Throughput throughput, SwitchProbe.Cost cost) {
    }

    private Measured oneWay(BenchPath path, int pairCount, int size, double rate) throws Exception {
        List<EndpointPair> pairs = new ArrayList<>();
        try {
            for (int i = 0; i < pairCount; i++) {
                pairs.add(path.open(size));
            }
            int rounds = untilJitQuiet(() -> OneWay.measure(pairs, rate, WARMUP_ROUND));
            System.err.printf("  warmed up with %d x %d ms%n", rounds, WARMUP_ROUND.toMillis());
            SwitchProbe.Sample before = SwitchProbe.sample(path);
            OneWay.Throughput throughput = OneWay.measure(pairs, rate, Duration.ofSeconds(seconds));
            return new Measured(throughput, SwitchProbe.sample(path).since(before));
        } finally {
            for (EndpointPair pair : pairs) {
                pair.close();
            }
        }
    }

    private static String[] columns(String[] own) {
        String[] all = java.util.Arrays.copyOf(own, own.length + SWITCH_COLUMNS.length);
        System.arraycopy(SWITCH_COLUMNS, 0, all, own.length, SWITCH_COLUMNS.length);
        return all;
    }

    private static Object[] cells(Object[] own, SwitchProbe.Cost cost) {
        Object[] switchCells = cost.cells();
        Object[] all = java.util.Arrays.copyOf(own, own.length + switchCells.length);
        System.arraycopy(switchCells, 0, all, own.length, switchCells.length);
        return all;
    }

    private static String us(double micros) {
        return ResultTable.fixed(micros, 1);
    }

    private static String ratio(double value, double baseline) {
        return ResultTable.fixed(value / baseline, 2);
    }
}
