package io.vnetif.core;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.LongObjectHashMap;
import io.vnetif.api.DropReason;
import io.vnetif.api.MacAddress;
import io.vnetif.core.capture.CaptureSink;
import io.vnetif.core.capture.CaptureTaps;
import io.vnetif.core.impair.DelayScheduler;
import io.vnetif.core.impair.HeldBudget;
import io.vnetif.core.impair.Impairments;
import io.vnetif.core.impair.Onward;
import io.vnetif.core.port.CounterSnapshot;
import io.vnetif.core.port.FrameLedger;
import io.vnetif.core.port.Port;
import io.vnetif.core.port.PortCounters;
import io.vnetif.core.port.PortNetwork;
import io.vnetif.wire.Ethernet;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One isolated Ethernet segment: its ports and a learning MAC table. Forwards like a switch: learns
 * source MAC → port, sends known unicast to one port, floods broadcast, multicast and unknown unicast to
 * every other port, never back to the sender.
 */
public final class Network implements PortNetwork {
    private static final Port[] NO_PORTS = new Port[0];

    private final String name;
    private final LongSupplier nanoClock;
    private final DelayScheduler scheduler;
    private final MacTable macTable;
    private final FrameLedger ledger;
    /** Every port by its own MAC: static entries, found without learning whatever the learned table holds. */
    private final LongObjectHashMap<Port> portsByMac = new LongObjectHashMap<>();
    /** Stations pinned behind bridge ports: static entries too, and no other port may send from them. */
    private final LongObjectHashMap<Port> pinned = new LongObjectHashMap<>();
    /** Copy-on-write: attach/detach are rare, floods iterate it for every broadcast. */
    private Port[] ports = NO_PORTS;
    /** Null while the network has no rules, partitions or cuts: the plain path then checks one field. */
    private Impairments impairments;
    /** Null while nobody captures on the network. */
    private CaptureTaps captures;
    private final LoopShares shares;
    /** Busy time charged to the network in the current window of {@link LoopShares}, for how many frames, and their work. */
    long busyNanos;
    long framesInWindow;
    long workInWindow;
    /** Windows in a row the network was over its share (see {@link LoopShares#WINDOWS_OVER}). */
    int windowsOver;
    /** Whether the network is among those charged in the current window. */
    boolean activeInWindow;
    /** Whether the network took more than its share of the thread lately: its frames are dropped as NETWORK_BUSY. */
    boolean throttled;
    /** Windows it stays throttled for. */
    int throttledWindowsLeft;
    /** True while the network's work is being timed (an ingress), so that what it calls is not timed twice. */
    private boolean timing;
    /** Datagrams queued for sending while timing: charged at what a send costs on average. */
    private int sendsWhileTiming;
    /**
     * Where impairments hand frames back: allocated once, so rules that touch nothing cost no garbage. A
     * frame coming back later (held, then released) is timed and charged to the network here.
     */
    private final Onward onwardForwarding = (from, frame) -> released(from, frame, true);
    private final Onward onwardDelivery = (to, frame) -> released(to, frame, false);

    /** What this network's held frames may take; it outlives the impairments object, as frames held by it do. */
    private final HeldBudget heldBudget;

    /**
     * @param switchBudget the switch-wide budget of held frames, which this network's draws on
     * @param shares       how much of the engine's thread each network takes
     */
    Network(String name, SwitchLimits limits, LongSupplier nanoClock, DelayScheduler scheduler, FrameLedger ledger, HeldBudget switchBudget,
            LoopShares shares) {
        this.name = name;
        this.shares = shares;
        this.ledger = ledger;
        this.nanoClock = nanoClock;
        this.scheduler = scheduler;
        this.macTable = new MacTable(limits.maxMacEntriesPerNetwork(), limits.macAgingNanos(), nanoClock.getAsLong());
        this.heldBudget = switchBudget.child(limits.impairments().heldBytesPerNetwork());
    }

    /** The network's impairments, created on first use (for adding rules, partitions, cuts). */
    Impairments impairmentsForUpdate() {
        if (impairments == null) {
            impairments = new Impairments(scheduler, nanoClock, ledger, heldBudget);
        }
        return impairments;
    }

    /** Memory the network's held frames take now (see {@link HeldBudget}). */
    public long heldBytes() {
        return heldBudget.held();
    }

    /** The rules, partitions and cuts, or {@code null} when there are none. */
    public Impairments impairments() {
        return impairments;
    }

    /** Adds a capture session. */
    void addCapture(CaptureTaps.Session session) {
        if (captures == null) {
            captures = new CaptureTaps();
        }
        captures.add(session);
    }

    /** Removes a capture session; true when it was on this network. */
    boolean removeCapture(long id) {
        if (captures == null || !captures.remove(id)) {
            return false;
        }
        if (captures.isEmpty()) {
            captures = null;
        }
        return true;
    }

    /** Capture sessions running on this network. */
    public int captureSessions() {
        return captures == null ? 0 : captures.size();
    }

    /** Forgets the impairments object once it holds nothing, restoring the plain path. */
    void dropImpairmentsIfEmpty() {
        if (impairments != null && impairments.isEmpty()) {
            impairments = null;
        }
    }

    @Override
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

    /** Whether a port has this MAC, or a port has pinned it as a station. */
    boolean macInUse(long mac) {
        return portsByMac.containsKey(mac) || pinned.containsKey(mac);
    }

    void add(Port port) {
        portsByMac.put(port.macBits(), port);
        // The MAC may have been learned behind a bridge before this port took it: forget that, or the bridge
        // would keep receiving the port's unicast until aging (frames to it flood until it speaks).
        macTable.forget(port.macBits());
        for (MacAddress station : port.stations()) {
            pinned.put(station.toLong(), port);
            macTable.forget(station.toLong());
        }
        Port[] grown = Arrays.copyOf(ports, ports.length + 1);
        grown[ports.length] = port;
        ports = grown;
    }

    void remove(Port port) {
        portsByMac.remove(port.macBits());
        for (MacAddress station : port.stations()) {
            pinned.remove(station.toLong());
        }
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
     * Takes one frame sent by {@code from}: applies the ingress checks, learns, and delivers it, and
     * charges the time it took to the network ({@link LoopShares}). The frame lies between the buffer's
     * reader and writer index; the caller keeps ownership.
     */
    @Override
    public void ingress(Port from, ByteBuf frame, long nowNanos) {
        shares.roll(nowNanos);
        timing = true;
        sendsWhileTiming = 0;
        try {
            admit(from, frame, nowNanos);
        } finally {
            endTiming(nowNanos);
        }
    }

    private long beginTiming() {
        long start = currentNanos();
        shares.roll(start);
        timing = true;
        sendsWhileTiming = 0;
        return start;
    }

    private void endTiming(long start) {
        timing = false;
        shares.charge(this, currentNanos() - start, sendsWhileTiming);
    }

    /**
     * A frame an impairment hands back, to forward from {@code port} or to deliver to it: within an ingress,
     * part of that ingress's work; released later (held, then due), timed and charged here, and dropped as
     * NETWORK_BUSY while the network is throttled.
     */
    private void released(Port port, ByteBuf frame, boolean toForward) {
        if (timing) {
            onward(port, frame, toForward, currentNanos());
            return;
        }
        long start = beginTiming();
        try {
            if (throttled) {
                drop(port, DropReason.NETWORK_BUSY);
            } else {
                if (!toForward) {
                    workInWindow++; // the delivery a rule held back: counted once more, as it costs once more
                }
                onward(port, frame, toForward, start);
            }
        } finally {
            endTiming(start);
        }
    }

    private void onward(Port port, ByteBuf frame, boolean toForward, long nowNanos) {
        if (toForward) {
            forward(port, frame, nowNanos);
        } else {
            deliverNow(port, frame);
        }
    }

    private void admit(Port from, ByteBuf frame, long nowNanos) {
        int length = frame.readableBytes();
        PortCounters counters = from.counters();
        counters.received(length);
        ledger.received();
        if (captures != null) {
            captures.tap(from, CaptureSink.Direction.INGRESS, frame);
        }
        if (throttled) {
            drop(from, DropReason.NETWORK_BUSY); // over its share while others wait: the cheapest way out
            return;
        }
        if (from.policer() != null && !from.policer().admit(length, nowNanos)) {
            drop(from, DropReason.RATE_LIMITED);
            return;
        }
        if (length < Ethernet.HEADER_LENGTH) {
            drop(from, DropReason.FRAME_TOO_SHORT);
            return;
        }
        if (length > from.maxFrameLength()) {
            drop(from, DropReason.FRAME_TOO_LONG);
            return;
        }
        long source = Ethernet.source(frame, frame.readerIndex());
        // A bridge may carry stations behind it, but never one of this switch's own ports, nor a station
        // pinned behind another port: either would steal that port's unicast traffic.
        if (source != from.macBits() && (!from.allowsForeignSourceMacs() || portsByMac.containsKey(source)
                || (!pinned.isEmpty() && pinnedElsewhere(source, from)))) {
            drop(from, DropReason.SPOOFED_SOURCE_MAC);
            return;
        }
        if (impairments != null) {
            // Rules on what the port sends act before the switch sees the frame: a lost frame teaches nothing.
            impairments.send(from, frame, nowNanos, onwardForwarding);
        } else {
            forward(from, frame, nowNanos);
        }
    }

    private long currentNanos() {
        return nanoClock.getAsLong();
    }

    private void forward(Port from, ByteBuf frame, long nowNanos) {
        if (!from.isAttached()) {
            drop(from, DropReason.PORT_DETACHED); // held by an impairment until after its port left
            return;
        }
        int length = frame.readableBytes();
        int start = frame.readerIndex();
        long source = Ethernet.source(frame, start);
        macTable.maybeSweep(nowNanos);
        if (source != from.macBits() && !MacAddress.isMulticast(source) && (pinned.isEmpty() || !pinned.containsKey(source))) {
            macTable.learn(source, from, nowNanos); // a port's own MAC and pinned stations are static: nothing to learn
        }
        long destination = Ethernet.destination(frame, start);
        Port target = MacAddress.isMulticast(destination) ? null : lookup(destination, nowNanos);
        if (target == null) {
            if (!from.admitFlood(nowNanos)) {
                drop(from, DropReason.STORM_CONTROL);
                return;
            }
            flood(from, frame, length, nowNanos);
        } else if (target == from) {
            drop(from, DropReason.HAIRPIN);
        } else {
            workInWindow += LoopShares.work(1, impairments == null ? 0 : impairments.ruleCount());
            deliver(from, target, frame, length, nowNanos);
        }
    }

    /**
     * The port a unicast MAC is reached by: a port's own MAC and a pinned station first (static entries,
     * known since attach, whatever the learned table holds: with the table full of a flood of random MACs,
     * ports attached later were never learned and their unicast went to every port), then what was learned.
     */
    private Port lookup(long destination, long nowNanos) {
        Port port = portsByMac.get(destination);
        if (port == null && !pinned.isEmpty()) {
            port = pinned.get(destination);
        }
        return port != null ? port : macTable.lookup(destination, nowNanos);
    }

    private boolean pinnedElsewhere(long source, Port from) {
        Port owner = pinned.get(source);
        return owner != null && owner != from;
    }

    private void flood(Port from, ByteBuf frame, int length, long nowNanos) {
        if (ports.length <= 1) {
            drop(from, DropReason.NO_RECEIVER); // counted, so every frame in is accounted for
            return;
        }
        ledger.copied(ports.length - 2L); // one frame in, one per other port out
        workInWindow += LoopShares.work(ports.length - 1, impairments == null ? 0 : impairments.ruleCount());
        Impairments sharing = impairments;
        if (sharing != null) {
            sharing.beginSharing(frame); // receivers whose rules hold the frame share one copy of it
        }
        try {
            for (Port p : ports) {
                if (p != from) {
                    deliver(from, p, frame, length, nowNanos);
                }
            }
        } finally {
            if (sharing != null) {
                sharing.endSharing();
            }
        }
    }

    private void deliver(Port from, Port to, ByteBuf frame, int length, long nowNanos) {
        if (length > to.maxFrameLength()) {
            drop(to, DropReason.EGRESS_FRAME_TOO_LONG);
            return;
        }
        if (impairments != null) {
            impairments.deliver(from, to, frame, nowNanos, onwardDelivery);
        } else {
            deliverNow(to, frame);
        }
    }

    private void deliverNow(Port to, ByteBuf frame) {
        if (!to.isAttached()) {
            drop(to, DropReason.PORT_DETACHED); // held by an impairment until after its port left
            return;
        }
        if (frame.readableBytes() > Ethernet.HEADER_LENGTH + Ethernet.MAX_MTU) {
            drop(to, DropReason.EGRESS_FRAME_TOO_LONG); // a trailer made it too long for any datagram
            return;
        }
        DropReason refused = to.sink().deliver(frame);
        if (refused == null) {
            sendsWhileTiming++;
            to.counters().delivered(frame.readableBytes());
            ledger.delivered();
            if (captures != null) {
                captures.tap(to, CaptureSink.Direction.EGRESS, frame);
            }
        } else {
            drop(to, refused);
        }
    }

    /** Books a dropped frame on the port it concerns and in the switch's ledger. */
    private void drop(Port port, DropReason reason) {
        port.counters().drop(reason);
        ledger.dropped(reason);
    }

    /** Learned MAC entries now (aged ones swept first). */
    public int macTableSize(long nowNanos) {
        return macTable.size(nowNanos);
    }

    /** Source MACs not learned because the table was full. */
    public long macTableOverflows() {
        return macTable.overflows();
    }

    /** Learned stations seen on another port than before. */
    public long macMoves() {
        return macTable.moves();
    }

    /** Stations that moved back and forth between ports (a loop, or two ports fighting over one MAC). */
    public long macFlaps() {
        return macTable.flaps();
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
