package io.vnetif.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.vnetif.core.SwitchLimits;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.SwitchServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How attaching scales: a switch in this JVM (no attach rate limit, leases long enough to outlive the
 * run) takes attaches over gRPC on loopback to one network until it holds {@code --ports} ports.
 * At each checkpoint: attaches per second since the previous checkpoint, and live heap per port (heap
 * after full GC, less the heap before the first measured attach, over the ports attached). The ports
 * are control-plane only (no client sockets, no frames), so the heap is the switch's (and gRPC's)
 * bookkeeping per port. Prints a table, writes bench/results/attach-scale.csv.
 */
@Command(name = "AttachScale", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Attach rate and live heap per port as one network grows to thousands of ports.")
public final class AttachScale implements Callable<Integer> {
    private static final String NETWORK = "scale";
    private static final int WARMUP_ATTACHES = 2000;
    private static final int PROGRESS_EVERY = 1000;

    @Option(names = "--checkpoints", split = ",", defaultValue = "1000,2000,5000,10000",
            description = "Port counts to report at (the last is the total). Default: ${DEFAULT-VALUE}")
    List<Integer> checkpoints;

    @Option(names = "--in-flight", defaultValue = "16", description = "Attach calls outstanding at once. Default: ${DEFAULT-VALUE}")
    int inFlight;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AttachScale()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int total = checkpoints.get(checkpoints.size() - 1);
        SwitchLimits limits = new SwitchLimits(SwitchLimits.DEFAULTS.maxNetworks(), total, SwitchLimits.DEFAULTS.maxMacEntriesPerNetwork(),
                SwitchLimits.DEFAULTS.macAgingNanos()).withAttachesPerSecond(0);
        SwitchConfig config = SwitchConfig.loopback(0, 0).withLease(Duration.ofHours(1)).withLimits(limits);
        System.out.printf("mode: one JVM, switch and gRPC client; %d ports on one network, %d attaches in flight, %d cores, max heap %d MiB%n",
                total, inFlight, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        ResultTable table = new ResultTable("attach-scale", "ports", "attaches_per_s", "heap_mib", "heap_bytes_per_port");
        try (SwitchServer server = SwitchServer.start(config)) {
            ManagedChannel channel = Grpc.newChannelBuilder(server.controlTarget(), InsecureChannelCredentials.create()).build();
            try {
                SwitchServiceGrpc.SwitchServiceFutureStub stub = SwitchServiceGrpc.newFutureStub(channel);
                attach(stub, "warmup", WARMUP_ATTACHES); // JIT and gRPC connection, on another network
                long baseline = HeapAfterGc.bytes();
                int attached = 0;
                for (int checkpoint : checkpoints) {
                    long start = System.nanoTime();
                    attach(stub, NETWORK, checkpoint - attached);
                    double rate = (checkpoint - attached) / ((System.nanoTime() - start) / 1e9);
                    attached = checkpoint;
                    long heap = HeapAfterGc.bytes();
                    System.err.printf("%d ports: %.0f attaches/s, heap %d MiB%n", attached, rate, heap >> 20);
                    table.add(attached, (long) rate, heap >> 20, (heap - baseline) / attached);
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        table.printAndSave();
        return 0;
    }

    /** Attaches {@code count} ports to {@code network}, {@link #inFlight} calls at a time; fails on the first refusal. */
    private void attach(SwitchServiceGrpc.SwitchServiceFutureStub stub, String network, int count) throws Exception {
        Semaphore window = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AttachRequest request = AttachRequest.newBuilder().setNetwork(network).build();
        for (int i = 1; i <= count && failure.get() == null; i++) {
            window.acquire();
            Futures.addCallback(stub.attach(request), new FutureCallback<AttachResponse>() {
                @Override
                public void onSuccess(AttachResponse response) {
                    window.release();
                }

                @Override
                public void onFailure(Throwable t) {
                    failure.compareAndSet(null, t);
                    window.release();
                }
            }, MoreExecutors.directExecutor());
            if (i % PROGRESS_EVERY == 0) {
                System.err.printf("  %s: %d/%d attached%n", network, i, count);
            }
        }
        window.acquire(inFlight); // the last calls are back
        if (failure.get() != null) {
            throw new IllegalStateException("attach failed", failure.get());
        }
    }
}
