package io.vnetif.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vnetif.api.DropReason;
import io.vnetif.proto.v1.AddImpairmentRequest;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.ClearImpairmentsRequest;
import io.vnetif.proto.v1.Counters;
import io.vnetif.proto.v1.CutRequest;
import io.vnetif.proto.v1.DropCount;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.GetStatsResponse;
import io.vnetif.proto.v1.ImpairmentSpec;
import io.vnetif.proto.v1.ListNetworksRequest;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.LossSpec;
import io.vnetif.proto.v1.PartitionRequest;
import io.vnetif.proto.v1.PortRef;
import io.vnetif.proto.v1.PortStats;
import io.vnetif.proto.v1.RemovePortRequest;
import io.vnetif.proto.v1.ResetStatsRequest;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.wire.DatagramHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two CI jobs share one switch, each with a token of its own (--tokens), as a new user would set them up;
 * job B is hostile. It tries every control call on job A's network and floods a network of its own from
 * ten ports into a thousand, while job A's two client JVMs exchange numbered frames. Job A's traffic
 * and counters come through untouched: every frame the switch received from A is delivered, in order
 * and byte for byte, and B's calls changed nothing of A's. Before scoped tokens, B could reset, impair,
 * capture or remove anything on the switch.
 */
class TenantsIT {
    private static final String A = "job-a-4f3c0e6b8d2a91f7c5e4b3a2d1c0f9e8";
    private static final String B = "job-b-9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d";
    private static final String OPS = "operator-0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c";
    private static final int FLOODERS = 10;

    @TempDir
    Path dir;

    @Test
    void aHostileJobTouchesNeitherTheOtherJobsTrafficNorItsCounters() throws Exception {
        Path tokens = Files.write(dir.resolve("tokens"), List.of("# name token networks roles",
                "job-a " + A + " ci-a-* attach,impair,capture,observe", "job-b " + B + " ci-b-* attach,impair,capture,observe,admin",
                "operator " + OPS + " * admin"));
        Path aToken = Files.writeString(dir.resolve("a.token"), A + "\n");
        try (SwitchProcess sw = SwitchProcess.startWithFlags("--tokens", tokens.toString(), "--lease", "60s", "--max-attaches-per-second", "0");
             ClientProcess web = ClientProcess.startWithToken("web", sw, "ci-a-1", "web", aToken);
             ClientProcess db = ClientProcess.startWithToken("db", sw, "ci-a-1", "db", aToken)) {
            SwitchServiceGrpc.SwitchServiceBlockingStub jobA = sw.as(A);
            SwitchServiceGrpc.SwitchServiceBlockingStub jobB = sw.as(B);
            sendInChunks(web, db.mac(), 0, 1000);
            await().atMost(Duration.ofSeconds(20)).until(() -> countersOf(jobA).get("db").getRxFrames() == countersOf(jobA).get("web").getTxFrames());
            Map<String, Counters> before = countersOf(jobA);
            List<Integer> aPorts = jobA.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList().stream().map(p -> p.getPortId()).toList();

            // Job B's calls on job A's network: refused, naming the network; by id, A's ports do not exist for B.
            assertThat(jobB.listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList()).isEmpty();
            assertThat(jobB.getStats(GetStatsRequest.getDefaultInstance()).getPortsList()).isEmpty();
            ImpairmentSpec loss = ImpairmentSpec.newBuilder().setLoss(LossSpec.newBuilder().setProbability(1)).build();
            PortRef web1 = PortRef.newBuilder().setLabel("web").build();
            PortRef db1 = PortRef.newBuilder().setLabel("db").build();
            List<Supplier<Object>> attacks = List.of(
                    () -> jobB.attach(AttachRequest.newBuilder().setNetwork("ci-a-1").build()),
                    () -> jobB.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("ci-a-1").setSpec(loss).build()),
                    () -> jobB.partition(PartitionRequest.newBuilder().setNetwork("ci-a-1").build()),
                    () -> jobB.cut(CutRequest.newBuilder().setNetwork("ci-a-1").setFrom(web1).setTo(db1).build()),
                    () -> jobB.clearImpairments(ClearImpairmentsRequest.newBuilder().setNetwork("ci-a-1").build()),
                    () -> jobB.resetStats(ResetStatsRequest.newBuilder().setNetwork("ci-a-1").build()),
                    () -> jobB.listPorts(ListPortsRequest.newBuilder().setNetwork("ci-a-1").build()),
                    () -> jobB.getStats(GetStatsRequest.newBuilder().setNetwork("ci-a-1").build()));
            for (Supplier<Object> attack : attacks) {
                assertRefused(attack, Status.Code.PERMISSION_DENIED, "token 'job-b' may not");
            }
            for (int id : aPorts) {
                assertRefused(() -> jobB.removePort(RemovePortRequest.newBuilder().setPortId(id).build()), Status.Code.NOT_FOUND, "no port");
            }
            jobB.clearImpairments(ClearImpairmentsRequest.getDefaultInstance()); // on all the networks it may: its own
            jobB.resetStats(ResetStatsRequest.getDefaultInstance());
            assertThat(countersOf(jobA)).as("job A's counters after job B's calls").isEqualTo(before);

            // Job B floods a network of its own: 1000 ports, ten of them sending broadcasts in bursts, while A sends on.
            for (int i = 0; i < 1000; i++) {
                jobB.attach(AttachRequest.newBuilder().setNetwork("ci-b-1").build());
            }
            List<RawPort> flooders = new ArrayList<>();
            try {
                for (int i = 0; i < FLOODERS; i++) {
                    RawPort f = new RawPort(jobB, "ci-b-1");
                    f.hello();
                    flooders.add(f);
                }
                Thread flood = new Thread(() -> flood(flooders), "job-b-flood");
                flood.start();
                sendInChunks(web, db.mac(), 1000, 6000);
                flood.join();
                GetStatsResponse bStats = jobB.getStats(GetStatsRequest.newBuilder().setNetwork("ci-b-1").build());
                Map<DropReason, Long> bDrops = bStats.getNetworks(0).getTotals().getDropsList().stream()
                        .collect(Collectors.toMap(d -> DropReason.valueOf(d.getReason().name()), DropCount::getCount));
                System.out.println("job B's network: " + bDrops);
                assertThat(bDrops.getOrDefault(DropReason.STORM_CONTROL, 0L) + bDrops.getOrDefault(DropReason.NETWORK_BUSY, 0L))
                        .as("floods job B's network refused itself").isPositive();
            } finally {
                flooders.forEach(RawPort::close);
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> countersOf(jobA).get("db").getRxFrames() == countersOf(jobA).get("web").getTxFrames());
            Map<String, Counters> after = countersOf(jobA);
            long[] report = db.sequenceReport();
            System.out.printf("job A: %d frames sent, %d reached the switch, %d delivered in order%n", 6000, after.get("web").getTxFrames(), report[0]);
            assertThat(after.get("web").getDropsList()).as("drops of job A's ports").isEmpty();
            assertThat(after.get("db").getDropsList()).isEmpty();
            assertThat(report[0]).as("frames db received: all the switch got from web").isEqualTo(after.get("web").getTxFrames());
            assertThat(report[1]).as("frames out of order or changed").isZero();
            assertThat(sw.as(OPS).getStats(GetStatsRequest.getDefaultInstance()).getLedger().getHeld()).isZero();
        }
    }

    /** Sequence frames [from, to) in chunks, each written before the next starts, as a test's steady traffic. */
    private static void sendInChunks(ClientProcess from, String to, long first, long end) throws InterruptedException {
        for (long chunk = first; chunk < end; chunk += 100) {
            from.sendSequence(to, chunk, Math.min(end, chunk + 100));
        }
    }

    /**
     * Job B's flood, for about two seconds: every 10 ms a burst of 20 broadcasts from each flooder, twice
     * what storm control lets through and, at a thousand receivers each, more than the thread can forward.
     */
    private static void flood(List<RawPort> flooders) {
        try {
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end) {
                for (RawPort f : flooders) {
                    byte[] broadcast = RawPort.datagram(DatagramHeader.TYPE_FRAME, f.attached.getPortId(), f.attached.getSecret(),
                            RawPort.frame(f.attached.getMac(), 60));
                    for (int i = 0; i < 20; i++) {
                        f.send(broadcast);
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // the pace of the bursts
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Counters> countersOf(SwitchServiceGrpc.SwitchServiceBlockingStub job) {
        return job.getStats(GetStatsRequest.getDefaultInstance()).getPortsList().stream()
                .collect(Collectors.toMap(PortStats::getLabel, PortStats::getCounters));
    }

    private static void assertRefused(Supplier<Object> call, Status.Code code, String message) {
        assertThatThrownBy(call::get).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }
}
