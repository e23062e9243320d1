package io.vnetif.server.control;

import io.vnetif.api.DropReason;
import io.vnetif.core.port.CounterSnapshot;
import io.vnetif.core.port.FrameLedger;
import io.vnetif.proto.mapping.ImpairmentProtos;
import io.vnetif.proto.v1.Counters;
import io.vnetif.proto.v1.DropCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Engine counters → protobuf messages. */
final class ProtoStats {
    private ProtoStats() {
    }

    static Counters counters(CounterSnapshot s) {
        return Counters.newBuilder()
                .setRxFrames(s.rxFrames()).setRxBytes(s.rxBytes())
                .setTxFrames(s.txFrames()).setTxBytes(s.txBytes())
                .addAllDrops(dropCounts(s.drops()).build().getDropsList())
                .addAllImpaired(ImpairmentProtos.counts(s.impairments()))
                .build();
    }

    static io.vnetif.proto.v1.FrameLedger ledger(FrameLedger.Snapshot l) {
        return io.vnetif.proto.v1.FrameLedger.newBuilder().setReceived(l.received()).setCopies(l.copies())
                .setDelivered(l.delivered()).addAllDropped(dropCounts(l.dropped()).getDropsList()).setHeld(l.held()).build();
    }

    /** Non-zero drop counts in reason order, as a Counters builder's repeated field. */
    static Counters.Builder dropCounts(Map<DropReason, Long> drops) {
        Counters.Builder b = Counters.newBuilder();
        for (DropReason r : DropReason.values()) {
            Long c = drops.get(r);
            if (c != null && c != 0) {
                b.addDrops(DropCount.newBuilder().setReason(reason(r)).setCount(c));
            }
        }
        return b;
    }

    /** The protobuf enum value of the same name. */
    static io.vnetif.proto.v1.DropReason reason(DropReason r) {
        return io.vnetif.proto.v1.DropReason.valueOf(r.name());
    }

    /** The switch-wide counters of {@link SwitchCounter}, read now (on the loop); those this platform cannot measure left out. */
    static List<io.vnetif.proto.v1.SwitchCounter> counters(SwitchCounter.Sources sources) {
        List<io.vnetif.proto.v1.SwitchCounter> out = new ArrayList<>();
        for (SwitchCounter c : SwitchCounter.values()) {
            long value = c.read(sources);
            if (value >= 0) {
                out.add(io.vnetif.proto.v1.SwitchCounter.newBuilder().setName(c.metricName()).setHelp(c.help()).setValue(value)
                        .setKind(c.kind() == SwitchCounter.Kind.COUNTER ? io.vnetif.proto.v1.SwitchCounter.Kind.COUNTER
                                : io.vnetif.proto.v1.SwitchCounter.Kind.GAUGE).build());
            }
        }
        return out;
    }
}
