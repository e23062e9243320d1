package io.vnetif.server.control;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vnetif.core.Network;
import io.vnetif.core.SwitchEngine;
import io.vnetif.core.port.CounterSnapshot;
import io.vnetif.core.port.FrameLedger;
import io.vnetif.core.port.Port;
import io.vnetif.server.port.PortRegistry;
import io.vnetif.server.port.SwitchPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The switch's Prometheus metrics, read from the engine at scrape time (on its loop), so ports that
 * come and go need no registration: per port frames/bytes in and out, drops by reason, what
 * impairments did; per network ports, MAC table, rules, captures; switch-wide leases, attaches,
 * receive batches, segmented sends and the data-plane thread's allocation.
 */
public final class SwitchMetrics implements MultiCollector {
    private final PortRegistry ports;
    private final LoopExecutor loop;
    private final SwitchCounter.Sources switchWide;

    SwitchMetrics(PortRegistry ports, LoopExecutor loop, SwitchCounter.Sources switchWide) {
        this.ports = ports;
        this.loop = loop;
        this.switchWide = switchWide;
    }

    /** Counters keyed by name, each with its data points; built on the loop, turned into snapshots after. */
    private static final class Families {
        final Map<String, String> help = new LinkedHashMap<>();
        final Map<String, List<CounterDataPointSnapshot>> counters = new LinkedHashMap<>();
        final Map<String, List<GaugeDataPointSnapshot>> gauges = new LinkedHashMap<>();

        void counter(String name, String text, Labels labels, double value) {
            help.putIfAbsent(name, text);
            counters.computeIfAbsent(name, n -> new ArrayList<>()).add(CounterDataPointSnapshot.builder().labels(labels).value(value).build());
        }

        void gauge(String name, String text, Labels labels, double value) {
            help.putIfAbsent(name, text);
            gauges.computeIfAbsent(name, n -> new ArrayList<>()).add(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
        }

        MetricSnapshots snapshots() {
            MetricSnapshots.Builder b = MetricSnapshots.builder();
            counters.forEach((name, points) -> {
                io.prometheus.metrics.model.snapshots.CounterSnapshot.Builder c =
                        io.prometheus.metrics.model.snapshots.CounterSnapshot.builder().name(name).help(help.get(name));
                points.forEach(c::dataPoint);
                b.metricSnapshot(c.build());
            });
            gauges.forEach((name, points) -> {
                GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(name).help(help.get(name));
                points.forEach(g::dataPoint);
                b.metricSnapshot(g.build());
            });
            return b.build();
        }
    }

    @Override
    public MetricSnapshots collect() {
        return loop.call(this::read).snapshots();
    }

    private Families read() {
        Families f = new Families();
        SwitchEngine engine = ports.engine();
        for (Network n : engine.networks()) {
            Labels net = Labels.of("network", n.name());
            f.gauge("vnetif_network_ports", "Ports attached to the network.", net, n.ports().size());
            f.gauge("vnetif_network_mac_table_entries", "Learned MAC addresses.", net, engine.macTableSize(n));
            f.counter("vnetif_network_mac_table_overflows", "Source MACs not learned because the table was full.", net, n.macTableOverflows());
            f.counter("vnetif_network_mac_moves", "Learned stations seen on another port than before.", net, n.macMoves());
            f.counter("vnetif_network_mac_flaps", "Stations that moved 3 times within 10 s (a loop, or ports fighting over a MAC).", net,
                    n.macFlaps());
            f.gauge("vnetif_network_impairment_rules", "Impairment rules in force.", net,
                    n.impairments() == null ? 0 : n.impairments().rules().size());
            f.gauge("vnetif_network_capture_taps", "Capture sessions tapping the network.", net, n.captureSessions());
            f.gauge("vnetif_network_held_bytes", "Memory frames held back by the network's delay and rate rules take now.", net,
                    n.heldBytes());
            for (Port p : n.ports()) {
                SwitchPort sp = ports.get(p.id());
                Labels port = Labels.of("network", n.name(), "port", Integer.toUnsignedString(p.id()), "mac", p.mac().toString(),
                        "label", p.label(), "kind", sp == null ? "" : sp.kind().name().toLowerCase(Locale.ROOT));
                CounterSnapshot c = p.counters().snapshot();
                f.counter("vnetif_port_rx_frames", "Frames the switch delivered to the port.", port, c.rxFrames());
                f.counter("vnetif_port_rx_bytes", "Bytes the switch delivered to the port.", port, c.rxBytes());
                f.counter("vnetif_port_tx_frames", "Frames the port sent into the switch.", port, c.txFrames());
                f.counter("vnetif_port_tx_bytes", "Bytes the port sent into the switch.", port, c.txBytes());
                c.drops().forEach((reason, count) -> f.counter("vnetif_port_drops", "Frames of the port not delivered, by reason.",
                        port.add("reason", reason.name().toLowerCase(Locale.ROOT)), count));
                c.impairments().forEach((outcome, count) -> f.counter("vnetif_port_impaired", "What impairments did to the port's frames.",
                        port.add("outcome", outcome.name().toLowerCase(Locale.ROOT)), count));
            }
        }
        engine.unattributedDrops().snapshot().forEach((reason, count) -> f.counter("vnetif_unattributed_drops",
                "Datagrams dropped before a port could be named, by reason.", Labels.of("reason", reason.name().toLowerCase(Locale.ROOT)), count));
        FrameLedger.Snapshot ledger = engine.ledger().snapshot();
        f.counter("vnetif_frames_received", "Frames ports sent into the switch (switch-wide; outlives ports).", Labels.EMPTY, ledger.received());
        f.counter("vnetif_frames_copied", "Frames the switch made: flood fan-out beyond the first receiver, duplication.", Labels.EMPTY, ledger.copies());
        // A gauge: a send that fails after hand-off moves a frame from delivered to dropped, so it can go down.
        f.gauge("vnetif_frames_delivered", "Frames handed to a receiving port's transport (less those whose send failed after).",
                Labels.EMPTY, ledger.delivered());
        ledger.dropped().forEach((reason, count) -> f.counter("vnetif_frames_dropped", "Frames dropped, by reason (switch-wide).",
                Labels.of("reason", reason.name().toLowerCase(Locale.ROOT)), count));
        f.gauge("vnetif_frames_held", "Frames impairments hold now (delay, rate limit).", Labels.EMPTY, ledger.held());
        f.gauge("vnetif_frames_unaccounted", "received + copied - delivered - dropped - held: 0 unless a frame was lost silently.",
                Labels.EMPTY, ledger.unaccounted());
        for (SwitchCounter c : SwitchCounter.values()) {
            long value = c.read(switchWide);
            if (value < 0) {
                continue; // not measurable here
            }
            if (c.kind() == SwitchCounter.Kind.COUNTER) {
                f.counter("vnetif_" + c.metricName(), c.help(), Labels.EMPTY, value);
            } else {
                f.gauge("vnetif_" + c.metricName(), c.help(), Labels.EMPTY, value);
            }
        }
        return f;
    }
}
