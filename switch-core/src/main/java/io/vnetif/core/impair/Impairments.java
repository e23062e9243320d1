package io.vnetif.core.impair;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.LongObjectHashMap;
import io.vnetif.api.ImpairmentOutcome;
import io.vnetif.api.MacAddress;
import io.vnetif.core.port.FrameLedger;
import io.vnetif.core.port.Port;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The impairment rules, partitions and one-way cuts of one network, and the code that runs a frame
 * through them. A network with none of these has no {@code Impairments} at all, so the plain
 * forwarding path pays nothing. Confined to the engine's thread.
 *
 * <p>A frame meets only the rules whose scope covers it: rules are indexed by the ports their scope
 * names (SENT_BY by sender, DELIVERED_TO by receiver, LINK by receiver and sender), so a delivery walks
 * the NETWORK rules, its receiver's and its link's, never the rules of other ports (100 000 rules on
 * other ports once cost each frame 2.5 to 5.5 ms). The rule limit bounds what is left. Frames held back are copied once per frame, not once per receiver
 * (see {@link HeldCopy}), and charged to the network's {@link HeldBudget}.
 */
public final class Impairments {
    /** Held queues of SENT_BY rules live beside those of receiving ports, keyed apart by this bit. */
    private static final long SENDER_KEY = 1L << 48;
    private static final ImpairmentRule[] NO_RULES = new ImpairmentRule[0];

    private final DelayScheduler scheduler;
    private final LongSupplier clock;
    private final FrameLedger ledger;
    private final HeldBudget budget;
    /** In creation (= id) order, for listings; the arrays below are the same rules indexed by scope, each in id order. */
    private final List<ImpairmentRule> rules = new ArrayList<>();
    private ImpairmentRule[] networkRules = NO_RULES;
    private final LongObjectHashMap<ImpairmentRule[]> bySender = new LongObjectHashMap<>();
    /** DELIVERED_TO rules by receiver. */
    private final LongObjectHashMap<ImpairmentRule[]> byReceiver = new LongObjectHashMap<>();
    /** LINK rules by receiver, then sender. */
    private final LongObjectHashMap<LongObjectHashMap<ImpairmentRule[]>> byLink = new LongObjectHashMap<>();
    private final LongObjectHashMap<Integer> partitionGroup = new LongObjectHashMap<>();
    /** Cut links: receiving MACs by sending MAC. */
    private final LongObjectHashMap<LongObjectHashMap<Boolean>> cuts = new LongObjectHashMap<>();
    private int cutCount;
    /** Per receiving port (or sending port for SENT_BY rules): frames that must leave in order. */
    private final LongObjectHashMap<HeldFrames> heldQueues = new LongObjectHashMap<>();
    /** Frames that overtook the ordered ones (reorder) but still wait, e.g. for a rate limit. */
    private final LongObjectHashMap<HeldFrames> overtakingQueues = new LongObjectHashMap<>();
    private final Transit transit = new Transit();
    /**
     * Sharing stretches (a flood, a duplication), innermost last: the frame each hands on, the one copy of
     * it that its holds share (made by the first hold), and how often it was entered for the same frame.
     * Arrays, so that a flood allocates nothing; stretches nest a few deep at most.
     */
    private ByteBuf[] shareSources = new ByteBuf[4];
    private HeldCopy[] sharedCopies = new HeldCopy[4];
    private int[] shareEntries = new int[4];
    private int shareDepth;
    /** Rules frames have been run through: the work impairments cost, which must not grow with rules a frame cannot meet. */
    private long rulesMet;

    /** @param budget what the network's held frames may take (drawing on the switch's) */
    public Impairments(DelayScheduler scheduler, LongSupplier clock, FrameLedger ledger, HeldBudget budget) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.ledger = ledger;
        this.budget = budget;
    }

    /**
     * How many times a frame was run through a rule, over the network's life: a frame meets only the rules
     * its sender, receiver and link index to, so this counts the per-frame work that index saves.
     */
    public long rulesMet() {
        return rulesMet;
    }

    /** True when there is nothing to apply. */
    public boolean isEmpty() {
        return rules.isEmpty() && partitionGroup.isEmpty() && cutCount == 0;
    }

    /** Adds a rule newer than every rule here (ids grow), so it goes at the end of its index entry. */
    public void add(ImpairmentRule rule) {
        rules.add(rule);
        Scope scope = rule.spec().scope();
        switch (scope.kind()) {
            case NETWORK -> networkRules = appended(networkRules, rule);
            case SENT_BY -> bySender.put(scope.port().toLong(), appended(bySender.get(scope.port().toLong()), rule));
            case DELIVERED_TO -> byReceiver.put(scope.port().toLong(), appended(byReceiver.get(scope.port().toLong()), rule));
            case LINK -> {
                LongObjectHashMap<ImpairmentRule[]> senders = byLink.get(scope.peer().toLong());
                if (senders == null) {
                    senders = new LongObjectHashMap<>();
                    byLink.put(scope.peer().toLong(), senders);
                }
                senders.put(scope.port().toLong(), appended(senders.get(scope.port().toLong()), rule));
            }
        }
    }

    private static ImpairmentRule[] appended(ImpairmentRule[] rules, ImpairmentRule rule) {
        if (rules == null) {
            return new ImpairmentRule[] {rule};
        }
        ImpairmentRule[] grown = Arrays.copyOf(rules, rules.length + 1);
        grown[rules.length] = rule;
        return grown;
    }

    public boolean remove(long ruleId) {
        boolean removed = rules.removeIf(r -> r.id() == ruleId);
        if (removed) {
            reindex();
        }
        return removed;
    }

    public List<ImpairmentRule> rules() {
        return List.copyOf(rules);
    }

    /** Rules in force. */
    public int ruleCount() {
        return rules.size();
    }

    public void clearRules() {
        rules.clear();
        reindex();
    }

    /** Rebuilds the scope index from {@link #rules}: rare (a control call), and bounded by the rule limit. */
    private void reindex() {
        networkRules = NO_RULES;
        bySender.clear();
        byReceiver.clear();
        byLink.clear();
        List<ImpairmentRule> all = List.copyOf(rules);
        rules.clear();
        all.forEach(this::add);
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
        next.forEach(partitionGroup::put);
    }

    /** Frames from {@code from} no longer reach {@code to}; the other direction is untouched. */
    public void cut(MacAddress from, MacAddress to) {
        LongObjectHashMap<Boolean> targets = cuts.get(from.toLong());
        if (targets == null) {
            targets = new LongObjectHashMap<>();
            cuts.put(from.toLong(), targets);
        }
        if (targets.put(to.toLong(), Boolean.TRUE) == null) {
            cutCount++;
        }
    }

    /** One-way cuts in force. */
    public int cutCount() {
        return cutCount;
    }

    /** Whether the link from {@code from} to {@code to} is cut already. */
    public boolean isCut(MacAddress from, MacAddress to) {
        LongObjectHashMap<Boolean> targets = cuts.get(from.toLong());
        return targets != null && targets.containsKey(to.toLong());
    }

    /** Removes the partition (cuts stay). */
    public void unpartition() {
        partitionGroup.clear();
    }

    /** Restores one cut link; false when it was not cut. */
    public boolean uncut(MacAddress from, MacAddress to) {
        LongObjectHashMap<Boolean> targets = cuts.get(from.toLong());
        if (targets == null || targets.remove(to.toLong()) == null) {
            return false;
        }
        if (targets.isEmpty()) {
            cuts.remove(from.toLong());
        }
        cutCount--;
        return true;
    }

    /** Removes every partition and cut (rules stay). */
    public void heal() {
        partitionGroup.clear();
        cuts.clear();
        cutCount = 0;
    }

    /** The partition groups now, in order (for listings). */
    public List<List<MacAddress>> partitions() {
        List<List<MacAddress>> groups = new ArrayList<>();
        for (LongObjectHashMap.PrimitiveEntry<Integer> e : partitionGroup.entries()) {
            int g = e.value();
            while (groups.size() <= g) {
                groups.add(new ArrayList<>());
            }
            groups.get(g).add(MacAddress.fromLong(e.key()));
        }
        return groups;
    }

    /** The one-way cuts now, as [from, to] pairs. */
    public List<List<MacAddress>> cuts() {
        List<List<MacAddress>> out = new ArrayList<>();
        for (LongObjectHashMap.PrimitiveEntry<LongObjectHashMap<Boolean>> from : cuts.entries()) {
            for (LongObjectHashMap.PrimitiveEntry<Boolean> to : from.value().entries()) {
                out.add(List.of(MacAddress.fromLong(from.key()), MacAddress.fromLong(to.key())));
            }
        }
        return out;
    }

    /**
     * Starts a stretch in which {@code frame} is handed on many times (a flood): holds of it share one
     * copy. Stretches nest; one entered again for the frame of the innermost is the same stretch. Every
     * call needs its {@link #endSharing}.
     */
    public void beginSharing(ByteBuf frame) {
        if (shareDepth > 0 && shareSources[shareDepth - 1] == frame) {
            shareEntries[shareDepth - 1]++;
            return;
        }
        if (shareDepth == shareSources.length) {
            shareSources = Arrays.copyOf(shareSources, shareDepth * 2);
            sharedCopies = Arrays.copyOf(sharedCopies, shareDepth * 2);
            shareEntries = Arrays.copyOf(shareEntries, shareDepth * 2);
        }
        shareSources[shareDepth] = frame;
        sharedCopies[shareDepth] = null;
        shareEntries[shareDepth] = 1;
        shareDepth++;
    }

    /** Ends what {@link #beginSharing} began; the stretch's last end lets go of its copy (before the frame may go). */
    public void endSharing() {
        int top = shareDepth - 1;
        if (--shareEntries[top] > 0) {
            return;
        }
        if (sharedCopies[top] != null) {
            sharedCopies[top].release();
            sharedCopies[top] = null;
        }
        shareSources[top] = null;
        shareDepth--;
    }

    /**
     * A frame as sent by {@code from}, before switching: applies SENT_BY rules, then hands the result
     * (maybe later, maybe twice) to {@code forward}. The caller keeps ownership of {@code frame}.
     */
    public void send(Port from, ByteBuf frame, long nowNanos, Onward forward) {
        long mac = from.macBits();
        ImpairmentRule[] own = bySender.isEmpty() ? null : bySender.get(mac);
        run(own, null, null, from, from, frame, nowNanos, mac | SENDER_KEY, forward);
    }

    /**
     * A frame on its way from {@code from} to {@code to}: applies partitions, cuts and the NETWORK,
     * LINK and DELIVERED_TO rules, then hands the result to {@code deliver}.
     */
    public void deliver(Port from, Port to, ByteBuf frame, long nowNanos, Onward deliver) {
        long src = from.macBits();
        long dst = to.macBits();
        if (blocked(src, dst)) {
            count(to, ImpairmentOutcome.PARTITIONED);
            return;
        }
        ImpairmentRule[] receivers = byReceiver.isEmpty() ? null : byReceiver.get(dst);
        LongObjectHashMap<ImpairmentRule[]> linksTo = byLink.isEmpty() ? null : byLink.get(dst);
        ImpairmentRule[] link = linksTo == null ? null : linksTo.get(src);
        run(networkRules, receivers, link, to, to, frame, nowNanos, dst, deliver);
    }

    private boolean blocked(long src, long dst) {
        if (!partitionGroup.isEmpty()) {
            Integer a = partitionGroup.get(src);
            Integer b = partitionGroup.get(dst);
            if (a != null && b != null && !a.equals(b)) {
                return true;
            }
        }
        if (cutCount == 0) {
            return false;
        }
        LongObjectHashMap<Boolean> targets = cuts.get(src);
        return targets != null && targets.containsKey(dst);
    }

    /**
     * Runs the frame through the rules of up to three index entries (each in id order, any may be
     * {@code null}), merged in id order: the order the rules were added in, whatever their scopes.
     */
    private void run(ImpairmentRule[] first, ImpairmentRule[] second, ImpairmentRule[] third, Port counted, Port passFor,
                     ByteBuf frame, long nowNanos, long queueKey, Onward onward) {
        Transit t = transit;
        t.reset(frame.readableBytes());
        int i = 0;
        int j = 0;
        int k = 0;
        int firstLength = first == null ? 0 : first.length;
        int secondLength = second == null ? 0 : second.length;
        int thirdLength = third == null ? 0 : third.length;
        while (i < firstLength || j < secondLength || k < thirdLength) {
            long a = i < firstLength ? first[i].id() : Long.MAX_VALUE;
            long b = j < secondLength ? second[j].id() : Long.MAX_VALUE;
            long c = k < thirdLength ? third[k].id() : Long.MAX_VALUE;
            ImpairmentRule rule = a <= b && a <= c ? first[i++] : b <= c ? second[j++] : third[k++];
            rulesMet++;
            if (!rule.apply(frame, t, nowNanos)) {
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
        beginSharing(out);
        try {
            for (int c = 0; c < copies; c++) {
                send(out, delayNanos, overtake, nowNanos, queueKey, counted, passFor, onward);
            }
        } finally {
            endSharing();
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
        HeldCopy copy = copyOf(out);
        if (copy == null) {
            count(counted, ImpairmentOutcome.QUEUE_FULL);
            return;
        }
        try {
            if (!queue.hold(copy, nowNanos + delayNanos, nowNanos, passFor, onward)) {
                count(counted, ImpairmentOutcome.QUEUE_FULL);
            }
        } finally {
            copy.release(); // this method's hold; the queue took its own
        }
    }

    /**
     * A copy of {@code out} with one hold for the caller: the innermost stretch's shared copy while
     * {@code out} is the frame it hands on, else a new one; {@code null} when the budget cannot take it.
     */
    private HeldCopy copyOf(ByteBuf out) {
        int top = shareDepth - 1;
        boolean shared = top >= 0 && shareSources[top] == out;
        if (shared && sharedCopies[top] != null) {
            return sharedCopies[top].hold();
        }
        HeldCopy copy = HeldCopy.of(out, budget);
        if (copy != null && shared) {
            sharedCopies[top] = copy.hold(); // the stretch's own hold, let go by its endSharing
        }
        return copy;
    }

    /** Counts an outcome on the port; one that drops the frame also goes into the switch's ledger. */
    private void count(Port port, ImpairmentOutcome outcome) {
        port.counters().impaired(outcome);
        if (outcome.dropReason() != null) {
            ledger.dropped(outcome.dropReason());
        }
    }
}
