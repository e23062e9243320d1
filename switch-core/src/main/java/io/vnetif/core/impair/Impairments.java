package io.vnetif.core.impair;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.LongObjectHashMap;
import io.vnetif.api.ImpairmentOutcome;
import io.vnetif.api.MacAddress;
import io.vnetif.core.port.FrameLedger;
import io.vnetif.core.port.Port;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The impairment rules, partitions and one-way cuts of one network, and the code that runs a frame
 * through them. A network with none of these has no {@code Impairments} at all, so the plain
 * forwarding path pays nothing. Confined to the engine's thread.
 */
public final class Impairments {
    /** Held queues of SENT_BY rules live beside those of receiving ports, keyed apart by this bit. */
    private static final long SENDER_KEY = 1L << 48;

    private final DelayScheduler scheduler;
    private final LongSupplier clock;
    private final FrameLedger ledger;
    private final HeldBudget budget = new HeldBudget(HeldBudget.DEFAULT_BYTES);
    private final List<ImpairmentRule> rules = new ArrayList<>();
    private final Map<Long, Integer> partitionGroup = new HashMap<>();
    private final Set<List<Long>> cuts = new HashSet<>();
    /** Per receiving port (or sending port for SENT_BY rules): frames that must leave in order. */
    private final LongObjectHashMap<HeldFrames> heldQueues = new LongObjectHashMap<>();
    /** Frames that overtook the ordered ones (reorder) but still wait, e.g. for a rate limit. */
    private final LongObjectHashMap<HeldFrames> overtakingQueues = new LongObjectHashMap<>();
    private final Transit transit = new Transit();

    public Impairments(DelayScheduler scheduler, LongSupplier clock, FrameLedger ledger) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.ledger = ledger;
    }

    /** True when there is nothing to apply. */
    public boolean isEmpty() {
        return rules.isEmpty() && partitionGroup.isEmpty() && cuts.isEmpty();
    }

    public void add(ImpairmentRule rule) {
        rules.add(rule);
    }

    public boolean remove(long ruleId) {
        return rules.removeIf(r -> r.id() == ruleId);
    }

    public List<ImpairmentRule> rules() {
        return List.copyOf(rules);
    }

    public void clearRules() {
        rules.clear();
    }

    /**
     * Splits the network: ports in different groups cannot reach each other; unnamed ports reach all.
     * Replaces an earlier split; a refused one changes nothing.
     *
     * @throws IllegalArgumentException when a MAC is in two groups
     */
    public void partition(List<List<MacAddress>> groups) {
        Map<Long, Integer> next = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            for (MacAddress mac : groups.get(g)) {
                Integer before = next.put(mac.toLong(), g);
                if (before != null && before != g) {
                    throw new IllegalArgumentException(mac + " is in two partition groups");
                }
            }
        }
        partitionGroup.clear();
        partitionGroup.putAll(next);
    }

    /** Frames from {@code from} no longer reach {@code to}; the other direction is untouched. */
    public void cut(MacAddress from, MacAddress to) {
        cuts.add(List.of(from.toLong(), to.toLong()));
    }

    /** Removes the partition (cuts stay). */
    public void unpartition() {
        partitionGroup.clear();
    }

    /** Restores one cut link; false when it was not cut. */
    public boolean uncut(MacAddress from, MacAddress to) {
        return cuts.remove(List.of(from.toLong(), to.toLong()));
    }

    /** Removes every partition and cut (rules stay). */
    public void heal() {
        partitionGroup.clear();
        cuts.clear();
    }

    /** The partition groups now, in order (for listings). */
    public List<List<MacAddress>> partitions() {
        List<List<MacAddress>> groups = new ArrayList<>();
        partitionGroup.forEach((mac, g) -> {
            while (groups.size() <= g) {
                groups.add(new ArrayList<>());
            }
            groups.get(g).add(MacAddress.fromLong(mac));
        });
        return groups;
    }

    /** The one-way cuts now, as [from, to] pairs. */
    public List<List<MacAddress>> cuts() {
        return cuts.stream().map(c -> List.of(MacAddress.fromLong(c.get(0)), MacAddress.fromLong(c.get(1)))).toList();
    }

    /**
     * A frame as sent by {@code from}, before switching: applies SENT_BY rules, then hands the result
     * (maybe later, maybe twice) to {@code forward}. The caller keeps ownership of {@code frame}.
     */
    public void send(Port from, ByteBuf frame, long nowNanos, Onward forward) {
        long mac = from.mac().toLong();
        run(true, mac, 0, from, from, frame, nowNanos, mac | SENDER_KEY, forward);
    }

    /**
     * A frame on its way from {@code from} to {@code to}: applies partitions, cuts and the NETWORK,
     * LINK and DELIVERED_TO rules, then hands the result to {@code deliver}.
     */
    public void deliver(Port from, Port to, ByteBuf frame, long nowNanos, Onward deliver) {
        long src = from.mac().toLong();
        long dst = to.mac().toLong();
        if (blocked(src, dst)) {
            count(to, ImpairmentOutcome.PARTITIONED);
            return;
        }
        run(false, src, dst, to, to, frame, nowNanos, dst, deliver);
    }

    private boolean blocked(long src, long dst) {
        if (partitionGroup.isEmpty() && cuts.isEmpty()) {
            return false; // no boxing of MACs when only rules are in force
        }
        Integer a = partitionGroup.get(src);
        Integer b = partitionGroup.get(dst);
        return (a != null && b != null && !a.equals(b)) || (!cuts.isEmpty() && cuts.contains(List.of(src, dst)));
    }

    /**
     * Runs the frame through the rules of one kind: SENT_BY rules of {@code src} ({@code sentBy}), or
     * the rules covering a delivery from {@code src} to {@code dst}.
     */
    private void run(boolean sentBy, long src, long dst, Port counted, Port passFor, ByteBuf frame, long nowNanos,
                     long queueKey, Onward onward) {
        Transit t = transit;
        t.reset(frame.readableBytes());
        for (int i = 0; i < rules.size(); i++) {
            ImpairmentRule rule = rules.get(i);
            Scope scope = rule.spec().scope();
            boolean applies = sentBy ? scope.kind() == Scope.Kind.SENT_BY && scope.port().toLong() == src
                    : scope.coversDelivery(src, dst);
            if (applies && !rule.apply(frame, t, nowNanos)) {
                count(counted, t.dropped);
                return;
            }
        }
        for (ImpairmentOutcome event : t.events) {
            count(counted, event);
        }
        if (t.untouched() && !t.ordered) { // no rule held or changed it
            onward.pass(passFor, frame);
            return;
        }
        ByteBuf out = t.changesFrame() ? t.rewrite(frame) : frame;
        // The transit is shared by the whole network, and a copy passed on at once may come back here
        // (a SENT_BY rule's frame is switched and meets the delivery rules) and reuse it: read it first.
        int copies = t.copies;
        long delayNanos = t.delayNanos;
        boolean overtake = t.overtake;
        ledger.copied(copies - 1L);
        try {
            for (int i = 0; i < copies; i++) {
                send(out, delayNanos, overtake, nowNanos, queueKey, counted, passFor, onward);
            }
        } finally {
            if (out != frame) {
                out.release();
            }
        }
    }

    /**
     * Sends one copy now, or holds it. A frame that went through a delay or rate rule waits behind
     * every frame held before it for the same port, even with a zero sample; one that overtook
     * (reorder) does not.
     */
    private void send(ByteBuf out, long delayNanos, boolean overtake, long nowNanos, long queueKey, Port counted, Port passFor,
                      Onward onward) {
        LongObjectHashMap<HeldFrames> queues = overtake ? overtakingQueues : heldQueues;
        HeldFrames queue = queues.get(queueKey);
        if (delayNanos == 0 && (overtake || queue == null || queue.isEmpty())) {
            onward.pass(passFor, out);
            return;
        }
        if (queue == null) {
            queue = new HeldFrames(scheduler, clock, budget, ledger);
            queues.put(queueKey, queue);
        }
        if (!queue.hold(out, nowNanos + delayNanos, nowNanos, passFor, onward)) {
            count(counted, ImpairmentOutcome.QUEUE_FULL);
        }
    }

    /** Counts an outcome on the port; one that drops the frame also goes into the switch's ledger. */
    private void count(Port port, ImpairmentOutcome outcome) {
        port.counters().impaired(outcome);
        if (outcome.dropReason() != null) {
            ledger.dropped(outcome.dropReason());
        }
    }
}
