package io.vnetif.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.vnetif.proto.mapping.SwitchCounters;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.GetStatsResponse;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads the switch's own account of a run (GetStats) before and after it: frames switched, bytes its
 * data-plane thread allocated, datagrams per receive call and per segmented send. So a throughput
 * figure comes with the switch's cost per frame, measured in the same run.
 */
final class SwitchProbe implements AutoCloseable {
    private final ManagedChannel channel;
    private final SwitchServiceGrpc.SwitchServiceBlockingStub control;

    SwitchProbe(String switchAddress) {
        channel = Grpc.newChannelBuilder(switchAddress, InsecureChannelCredentials.create()).build();
        control = SwitchServiceGrpc.newBlockingStub(channel);
    }

    /** The counters of the switch {@code path} goes through now, or {@link Sample#NONE} for a path around every switch. */
    static Sample sample(BenchPath path) {
        return path.switchProbe() == null ? Sample.NONE : path.switchProbe().sample();
    }

    /** The switch's counters now. */
    Sample sample() {
        GetStatsResponse stats = control.withDeadlineAfter(10, TimeUnit.SECONDS).getStats(GetStatsRequest.getDefaultInstance());
        Map<String, Long> c = SwitchCounters.byName(stats);
        return new Sample(stats.getLedger().getReceived(), c.getOrDefault("data_loop_allocated_bytes", -1L), c.get("receive_batches"),
                c.get("receive_datagrams"), c.get("udp_gso_sends"), c.get("udp_gso_datagrams"));
    }

    /** Switch-wide counters at one moment. */
    record Sample(long frames, long allocatedBytes, long receiveBatches, long receivedDatagrams, long gsoSends, long gsoDatagrams) {
        /** No switch: every cost comes out as not measured. */
        static final Sample NONE = new Sample(0, -1, 0, 0, 0, 0);

        /** What happened between {@code earlier} and this sample. */
        Cost since(Sample earlier) {
            long switched = frames - earlier.frames;
            double perFrame = switched == 0 || allocatedBytes < 0 ? Double.NaN : (double) (allocatedBytes - earlier.allocatedBytes) / switched;
            return new Cost(switched, perFrame, ratio(receivedDatagrams - earlier.receivedDatagrams, receiveBatches - earlier.receiveBatches),
                    ratio(gsoDatagrams - earlier.gsoDatagrams, gsoSends - earlier.gsoSends));
        }

        private static double ratio(long count, long per) {
            return per == 0 ? Double.NaN : (double) count / per;
        }
    }

    /**
     * The switch's side of a run: frames that entered it, heap bytes its data-plane thread allocated per
     * such frame, datagrams per receive call and per segmented send (NaN where nothing was counted).
     */
    record Cost(long frames, double allocatedPerFrame, double datagramsPerReceive, double datagramsPerGsoSend) {
        /** The cells of a table row: B/frame, datagrams per receive, per GSO send; "-" where not measured. */
        Object[] cells() {
            return new Object[] {cell(allocatedPerFrame, 1), cell(datagramsPerReceive, 1), cell(datagramsPerGsoSend, 1)};
        }

        private static String cell(double value, int decimals) {
            return Double.isNaN(value) ? "-" : ResultTable.fixed(value, decimals);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
