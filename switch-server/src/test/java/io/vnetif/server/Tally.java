package io.vnetif.server;

import io.vnetif.api.DropReason;
import io.vnetif.core.Network;
import io.vnetif.core.SwitchEngine;
import io.vnetif.core.port.CounterSnapshot;
import io.vnetif.core.port.Port;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a switch counted, as named events ("a sent", "b received", "a dropped FRAME_TOO_LONG",
 * "unattributed dropped MALFORMED") with how often: a property builds the tally it expects and compares
 * it with the one the engine holds, so a datagram counted twice, under another reason or not at all
 * shows as a readable difference. Ports are named by their labels.
 */
public final class Tally {
    private final Map<String, Long> events = new TreeMap<>();

    /** Every non-zero frame and drop counter of the engine now. */
    public static Tally of(SwitchEngine engine) {
        Tally t = new Tally();
        for (Network n : engine.networks()) {
            for (Port p : n.ports()) {
                CounterSnapshot s = p.counters().snapshot();
                t.add(p.label() + " sent", s.txFrames());
                t.add(p.label() + " received", s.rxFrames());
                s.drops().forEach((reason, count) -> t.add(p.label() + " dropped " + reason, count));
            }
        }
        engine.unattributedDrops().snapshot().forEach((reason, count) -> t.add("unattributed dropped " + reason, count));
        return t;
    }

    /** The port sent a frame into the switch. */
    public Tally sent(String port) {
        return add(port + " sent", 1);
    }

    /** The switch delivered a frame to the port. */
    public Tally received(String port) {
        return add(port + " received", 1);
    }

    /** A drop counted on the port. */
    public Tally dropped(String port, DropReason reason) {
        return add(port + " dropped " + reason, 1);
    }

    /** A drop no port could be named for. */
    public Tally droppedUnattributed(DropReason reason) {
        return add("unattributed dropped " + reason, 1);
    }

    /** Whether the switch delivered a frame to the port. */
    public boolean deliveredTo(String port) {
        return events.containsKey(port + " received");
    }

    /** What became of the datagrams: every event but "sent", e.g. "a dropped HAIRPIN" (for statistics). */
    public String outcome() {
        return events.keySet().stream().filter(e -> !e.endsWith(" sent")).collect(Collectors.joining(", "));
    }

    private Tally add(String event, long count) {
        if (count != 0) {
            events.merge(event, count, Long::sum);
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tally && ((Tally) o).events.equals(events);
    }

    @Override
    public int hashCode() {
        return Objects.hash(events);
    }

    @Override
    public String toString() {
        return events.toString();
    }
}
