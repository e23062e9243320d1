package io.vnetif.core;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.LongObjectHashMap;
import java.util.Arrays;
import java.util.List;

/**
 * One isolated Ethernet segment: its ports and a learning MAC table. Forwards like a switch: learns
 * source MAC → port, sends known unicast to one port, floods broadcast, multicast and unknown unicast to
 * every other port, never back to the sender.
 */
public final class Network {
    private static final Port[] NO_PORTS = new Port[0];

    private final String name;
    private final MacTable macTable;
    private final LongObjectHashMap<Port> portsByMac = new LongObjectHashMap<>();
    /** Copy-on-write: attach/detach are rare, floods iterate it for every broadcast. */
    private Port[] ports = NO_PORTS;

    Network(String name, SwitchLimits limits, long nowNanos) {
        this.name = name;
        this.macTable = new MacTable(limits.maxMacEntriesPerNetwork(), limits.macAgingNanos(), nowNanos);
    }

    public String name() {
        return name;
    }

    /** The attached ports, in attach order. */
    public List<Port> ports() {
        return List.of(ports);
    }

    int portCount() {
        return ports.length;
    }

    boolean macInUse(long mac) {
        return portsByMac.containsKey(mac);
    }

    void add(Port port) {
        portsByMac.put(port.macBits(), port);
        Port[] grown = Arrays.copyOf(ports, ports.length + 1);
        grown[ports.length] = port;
        ports = grown;
    }

    void remove(Port port) {
        portsByMac.remove(port.macBits());
        macTable.forget(port);
        Port[] shrunk = new Port[ports.length - 1];
        int n = 0;
        for (Port p : ports) {
            if (p != port) {
                shrunk[n++] = p;
            }
        }
        ports = shrunk;
    }

    /**
     * Takes one frame sent by {@code from}: applies the ingress checks, learns, and delivers it. The
     * frame lies between the buffer's reader and writer index; the caller keeps ownership.
     */
    void ingress(Port from, ByteBuf frame, long nowNanos) {
        int length = frame.readableBytes();
        PortCounters counters = from.counters();
        counters.received(length);
        if (length < Ethernet.HEADER_LENGTH) {
            counters.drop(DropReason.FRAME_TOO_SHORT);
            return;
        }
        if (length > from.maxFrameLength()) {
            counters.drop(DropReason.FRAME_TOO_LONG);
            return;
        }
        int start = frame.readerIndex();
        long source = Ethernet.source(frame, start);
        if (source != from.macBits() && !from.allowsForeignSourceMacs()) {
            counters.drop(DropReason.SPOOFED_SOURCE_MAC);
            return;
        }
        macTable.maybeSweep(nowNanos);
        if (!MacAddress.isMulticast(source)) {
            macTable.learn(source, from, nowNanos);
        }
        long destination = Ethernet.destination(frame, start);
        Port target = MacAddress.isMulticast(destination) ? null : macTable.lookup(destination, nowNanos);
        if (target == null) {
            flood(from, frame, length);
        } else if (target == from) {
            counters.drop(DropReason.HAIRPIN);
        } else {
            deliver(target, frame, length);
        }
    }

    private void flood(Port from, ByteBuf frame, int length) {
        for (Port p : ports) {
            if (p != from) {
                deliver(p, frame, length);
            }
        }
    }

    private static void deliver(Port to, ByteBuf frame, int length) {
        if (length > to.maxFrameLength()) {
            to.counters().drop(DropReason.EGRESS_FRAME_TOO_LONG);
            return;
        }
        DropReason refused = to.sink().deliver(frame);
        if (refused == null) {
            to.counters().delivered(length);
        } else {
            to.counters().drop(refused);
        }
    }

    /** Learned MAC entries now (aged ones swept first). */
    public int macTableSize(long nowNanos) {
        return macTable.size(nowNanos);
    }

    /** Source MACs not learned because the table was full. */
    public long macTableOverflows() {
        return macTable.overflows();
    }

    /** The sum of the counters of the current ports. */
    public CounterSnapshot totals() {
        CounterSnapshot sum = CounterSnapshot.ZERO;
        for (Port p : ports) {
            sum = sum.plus(p.counters().snapshot());
        }
        return sum;
    }

    /** Zeroes the counters of every port and the overflow count. */
    public void resetCounters() {
        for (Port p : ports) {
            p.counters().reset();
        }
        macTable.resetOverflows();
    }
}
