package io.vnetif.bench.netstack;

import io.vnetif.client.Impairment;
import io.vnetif.netstack.TcpOptions;
import io.vnetif.netstack.stats.Counter;
import java.net.ServerSocket;

/**
 * Goodput of a bulk transfer while the switch loses a fraction of every frame on the network (data and
 * ACKs alike, seeded so both congestion controls meet the same sequence of decisions), for a congestion
 * control given by name. Everything else is {@link TcpOptions#DEFAULTS}, the 200 ms minimum RTO included.
 */
final class LossGoodput {
    /** What one transfer under loss gave. */
    record Result(double gbits, long retransmits, long timeouts) {
    }

    private LossGoodput() {
    }

    static Result run(String congestionControl, double loss, long seed, long bytes) throws Exception {
        try (StackPair pair = new StackPair(TcpOptions.DEFAULTS.withCongestionControl(congestionControl));
             ServerSocket listening = pair.server.serverSocket(0);
             StackPair.Connection conn = pair.connect(listening);
             Impairment lossy = pair.lan.impair(StackPair.NETWORK).loss(loss).seed(seed).apply()) {
            long nanos = BulkTransfer.run(conn.client(), conn.server(), bytes);
            return new Result(BulkTransfer.gbits(bytes, nanos), pair.client.stats().get(Counter.TCP_RETRANSMITS),
                    pair.client.stats().get(Counter.TCP_TIMEOUTS));
        }
    }
}
