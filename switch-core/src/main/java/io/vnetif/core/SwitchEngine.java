package io.vnetif.core;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;
import io.vnetif.api.MacAddress;
import io.vnetif.api.Refusal;
import io.vnetif.core.capture.CaptureFilter;
import io.vnetif.core.capture.CaptureSink;
import io.vnetif.core.capture.CaptureTaps;
import io.vnetif.core.impair.DelayScheduler;
import io.vnetif.core.impair.HeldBudget;
import io.vnetif.core.impair.ImpairmentRule;
import io.vnetif.core.impair.ImpairmentSpec;
import io.vnetif.core.impair.Impairments;
import io.vnetif.core.port.DropCounters;
import io.vnetif.core.port.FrameLedger;
import io.vnetif.core.port.FrameSink;
import io.vnetif.core.port.Port;
import io.vnetif.core.port.PortSpec;
import io.vnetif.core.port.TokenBucket;
import io.vnetif.wire.Ethernet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The forwarding engine: named networks, their ports and learning tables, and the counters.
 *
 * <p>Threading rule: an engine is confined to one thread at a time. Every call, control or data, must
 * come from the owning thread or be serialized by the caller (the switch server runs everything on its
 * data-plane event loop; the in-process switch holds a lock). In exchange, the frame path needs no locks,
 * no atomics and no allocation.
 */
public final class SwitchEngine {
    /** The network that always exists. */
    public static final String DEFAULT_NETWORK = "default";
    private static final Pattern NETWORK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_ASSIGN_TRIES = 64;

    private final SwitchLimits limits;
    private final LongSupplier nanoClock;
    private final RandomGenerator random;
    private final DelayScheduler scheduler;
    private final Map<String, Network> networks = new TreeMap<>();
    private final IntObjectHashMap<Port> portsById = new IntObjectHashMap<>();
    private final DropCounters unattributedDrops = new DropCounters();
    private final FrameLedger ledger = new FrameLedger();
    /** What frames held by impairments may take, every network together. */
    private final HeldBudget heldBudget;
    /** How much of the engine's thread each network takes. */
    private final LoopShares shares;
    /** Null without an attach rate limit. */
    private final TokenBucket attachTokens;
    private int nextPortId;
    private long nextRuleId = 1;
    private long nextCaptureId = 1;

    /**
     * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime}; tests pass a fake clock)
     * @param random    source of assigned MACs, of the first port id and of rule seeds not given
     * @param scheduler runs held frames later, serialized with every other call (delay, rate limits)
     */
    public SwitchEngine(SwitchLimits limits, LongSupplier nanoClock, RandomGenerator random, DelayScheduler scheduler) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.random = random;
        this.scheduler = scheduler;
        this.heldBudget = HeldBudget.of(limits.impairments().heldBytes());
        this.shares = new LoopShares(limits.networkMaxShare(), nanoClock.getAsLong());
        this.attachTokens = limits.attachesPerSecond() == 0 ? null
                : new TokenBucket(limits.attachesPerSecond(), limits.attachesPerSecond(), nanoClock.getAsLong());
        // Ids start at a random point so that a client of a previous switch instance is told
        // UNKNOWN_PORT rather than landing on somebody else's port id.
        this.nextPortId = 1 + random.nextInt(1 << 30);
        networks.put(DEFAULT_NETWORK, newNetwork(DEFAULT_NETWORK));
    }

    /**
     * Where the average cost of sending one delivered frame comes from, so that each network is charged the
     * sends its frames cause (see {@link LoopShares}); without it sends cost nothing.
     */
    public void estimateSendsWith(LongSupplier nanosPerSend) {
        shares.estimateSendsWith(nanosPerSend);
    }

    /** Validates a network name; the empty string means {@value #DEFAULT_NETWORK}. */
    public static String checkNetworkName(String name) {
        if (name == null || name.isEmpty()) {
            return DEFAULT_NETWORK;
        }
        if (!NETWORK_NAME.matcher(name).matches()) {
            throw new ControlException(Refusal.INVALID_ARGUMENT, "bad network name '" + name
                    + "': want 1 to 64 characters of [A-Za-z0-9._-], starting with a letter or digit");
        }
        return name;
    }

    public SwitchLimits limits() {
        return limits;
    }

    /**
     * Attaches a new port to {@code networkName}, creating the network on first use.
     *
     * @throws ControlException INVALID_ARGUMENT (name, MAC, MTU, label), ALREADY_EXISTS (MAC taken),
     *                          RESOURCE_EXHAUSTED (network or port limit)
     */
    public Port attach(String networkName, PortSpec spec, FrameSink sink) {
        String name = checkNetworkName(networkName);
        checkSpec(spec);
        Network network = networks.get(name);
        if (network == null) {
            checkRoomForNetwork(name);
        } else if (network.portCount() >= limits.maxPortsPerNetwork()) {
            throw new ControlException(Refusal.RESOURCE_EXHAUSTED, "network '" + name + "' already has "
                    + network.portCount() + " ports (limit " + limits.maxPortsPerNetwork() + ")");
        }
        MacAddress mac = spec.mac() != null ? claimRequested(network, name, spec.mac()) : assignMac(network);
        checkStations(network, name, mac, spec);
        takeAttachToken();
        if (network == null) {
            network = newNetwork(name);
            networks.put(name, network);
        }
        long now = nanoClock.getAsLong();
        Port port = new Port(allocatePortId(), network, mac, spec, sink, limits.portRateCap().newPolicer(now), limits.newFloodBucket(now));
        network.add(port);
        portsById.put(port.id(), port);
        return port;
    }

    /** Last check before an attach happens, so a refused attach for another reason costs no token. */
    private void takeAttachToken() {
        if (attachTokens == null) {
            return;
        }
        if (!attachTokens.refillAndCheck(1, nanoClock.getAsLong())) {
            throw new ControlException(Refusal.RESOURCE_EXHAUSTED, "too many attaches: the switch accepts "
                    + limits.attachesPerSecond() + " per second (--max-attaches-per-second); retry in "
                    + Math.max(1, attachTokens.nanosUntil(1) / 1_000_000) + " ms");
        }
        attachTokens.take(1);
    }

    private Network newNetwork(String name) {
        return new Network(name, limits, nanoClock, scheduler, ledger, heldBudget, shares);
    }

    private void checkRoomForNetwork(String name) {
        if (networks.size() >= limits.maxNetworks()) {
            throw new ControlException(Refusal.RESOURCE_EXHAUSTED, "cannot create network '" + name
                    + "': the switch already has " + networks.size() + " networks (limit " + limits.maxNetworks() + ")");
        }
    }

    private static void checkSpec(PortSpec spec) {
        if (spec.mtu() < Ethernet.MIN_MTU || spec.mtu() > Ethernet.MAX_MTU) {
            throw new ControlException(Refusal.INVALID_ARGUMENT, "MTU " + spec.mtu()
                    + " out of range " + Ethernet.MIN_MTU + ".." + Ethernet.MAX_MTU);
        }
        if (spec.label().length() > PortSpec.MAX_LABEL_LENGTH) {
            throw new ControlException(Refusal.INVALID_ARGUMENT, "label is " + spec.label().length()
                    + " characters long (limit " + PortSpec.MAX_LABEL_LENGTH + ")");
        }
    }

    private static MacAddress claimRequested(Network network, String name, MacAddress mac) {
        if (mac.isMulticast()) {
            throw new ControlException(Refusal.INVALID_ARGUMENT,
                    "MAC " + mac + " is a group (multicast) address; a port needs a unicast MAC");
        }
        if (mac.toLong() == 0) {
            throw new ControlException(Refusal.INVALID_ARGUMENT, "MAC 00:00:00:00:00:00 is not a usable address");
        }
        if (network != null && network.macInUse(mac.toLong())) {
            throw new ControlException(Refusal.ALREADY_EXISTS,
                    "MAC " + mac + " is already used by another port of network '" + name + "'");
        }
        return mac;
    }

    /** Stations a port pins must be unicast, free on the network, and behind a bridge (a port that sends for others). */
    private static void checkStations(Network network, String name, MacAddress own, PortSpec spec) {
        if (spec.stations().isEmpty()) {
            return;
        }
        if (!spec.allowForeignSourceMacs()) {
            throw new ControlException(Refusal.INVALID_ARGUMENT,
                    "only a port that allows foreign source MACs (a bridge) has stations behind it to pin");
        }
        if (spec.stations().size() > PortSpec.MAX_STATIONS) {
            throw new ControlException(Refusal.INVALID_ARGUMENT, spec.stations().size() + " stations to pin (at most "
                    + PortSpec.MAX_STATIONS + " per port)");
        }
        for (MacAddress station : spec.stations()) {
            if (station.isMulticast() || station.toLong() == 0) {
                throw new ControlException(Refusal.INVALID_ARGUMENT, "station " + station + " is not a unicast MAC");
            }
            if (station.equals(own) || (network != null && network.macInUse(station.toLong()))) {
                throw new ControlException(Refusal.ALREADY_EXISTS, "station " + station + " is a port's MAC or pinned already on network '"
                        + name + "'");
            }
        }
    }

    private MacAddress assignMac(Network network) {
        for (int i = 0; i < MAX_ASSIGN_TRIES; i++) {
            MacAddress mac = MacAddress.randomLocal(random);
            if (network == null || !network.macInUse(mac.toLong())) {
                return mac;
            }
        }
        // 2^46 addresses and at most maxPortsPerNetwork taken: only a broken random source gets here.
        throw new IllegalStateException("could not find a free MAC in " + MAX_ASSIGN_TRIES + " tries");
    }

    private int allocatePortId() {
        while (nextPortId == 0 || portsById.containsKey(nextPortId)) {
            nextPortId++;
        }
        return nextPortId++;
    }

    /**
     * Removes a port: it receives nothing more, its learned MACs are forgotten, its MAC is free again.
     * A network other than {@value #DEFAULT_NETWORK} goes away with its last port. Idempotent.
     */
    public void detach(Port port) {
        if (!port.isAttached()) {
            return;
        }
        port.markDetached();
        portsById.remove(port.id());
        Network network = networks.get(port.network().name());
        network.remove(port);
        removeIfUnused(network);
    }

    /** A network other than the default goes when it has neither ports nor impairments. */
    private void removeIfUnused(Network network) {
        if (network.portCount() == 0 && network.impairments() == null && network.captureSessions() == 0
                && !network.name().equals(DEFAULT_NETWORK)) {
            networks.remove(network.name());
        }
    }

    // ---- capture ----

    /**
     * Starts a capture session on a network (created if needed, so a capture can wait for its ports).
     *
     * @return the session's id, for {@link #stopCapture}
     */
    public long startCapture(String networkName, CaptureFilter filter, CaptureSink sink) {
        Network network = networkForUpdate(networkName);
        long id = nextCaptureId++;
        network.addCapture(new CaptureTaps.Session(id, filter, sink));
        return id;
    }

    /** Stops a capture session (idempotent). */
    public void stopCapture(long id) {
        for (Network n : networks()) {
            if (n.removeCapture(id)) {
                removeIfUnused(n);
                return;
            }
        }
    }

    // ---- impairments ----

    /**
     * Adds a rule to a network (created if needed, so rules can be in place before anyone attaches).
     * A rule without a seed gets a random one, reported in the returned rule's spec.
     *
     * @throws ControlException INVALID_ARGUMENT (name, a rule that does nothing), RESOURCE_EXHAUSTED
     */
    public ImpairmentRule addImpairment(String networkName, ImpairmentSpec spec) {
        if (spec.isNoOp()) {
            throw new ControlException(Refusal.INVALID_ARGUMENT, "the rule has no effect: give at least one of "
                    + "loss, gemodel, delay, duplicate, corrupt, rate, mtu, trailing, blackout");
        }
        Network network = networkForUpdate(networkName);
        int limit = limits.impairments().rulesPerNetwork();
        if (network.impairments() != null && network.impairments().ruleCount() >= limit) {
            throw new ControlException(Refusal.RESOURCE_EXHAUSTED, "network '" + network.name() + "' already has "
                    + limit + " impairment rules (limit " + limit + ", --max-rules-per-network)");
        }
        ImpairmentSpec seeded = spec.seed() != null ? spec : spec.withSeed(random.nextLong());
        ImpairmentRule rule = new ImpairmentRule(nextRuleId++, network.name(), seeded);
        network.impairmentsForUpdate().add(rule);
        return rule;
    }

    /**
     * Removes one rule.
     *
     * @throws ControlException NOT_FOUND
     */
    public void removeImpairment(long ruleId) {
        for (Network n : networks()) {
            if (n.impairments() != null && n.impairments().remove(ruleId)) {
                n.dropImpairmentsIfEmpty();
                removeIfUnused(n);
                return;
            }
        }
        // Rule ids are unsigned in the API (uint64): one from 2^63 up is quoted as it was sent, not as a negative number.
        throw new ControlException(Refusal.NOT_FOUND, "no impairment rule " + Long.toUnsignedString(ruleId));
    }

    /** The rules of one network, or of all ({@code null}), in creation order. */
    public List<ImpairmentRule> impairments(String networkName) {
        List<ImpairmentRule> out = new ArrayList<>();
        for (Network n : networkName == null ? networks() : List.of(requireNetwork(networkName))) {
            if (n.impairments() != null) {
                out.addAll(n.impairments().rules());
            }
        }
        out.sort(java.util.Comparator.comparingLong(ImpairmentRule::id));
        return out;
    }

    /** Removes the rules of one network, or of all ({@code null}); partitions stay. Returns how many. */
    public int clearImpairments(String networkName) {
        int removed = 0;
        for (Network n : networkName == null ? networks() : List.of(requireNetwork(networkName))) {
            if (n.impairments() != null) {
                removed += n.impairments().rules().size();
                n.impairments().clearRules();
                n.dropImpairmentsIfEmpty();
                removeIfUnused(n);
            }
        }
        return removed;
    }

    /**
     * Splits a network into groups that cannot reach each other (replacing an earlier partition; cuts
     * stay). Ports named in no group reach everyone. No groups: removes the partition.
     *
     * @throws ControlException INVALID_ARGUMENT when one group or a MAC is in two groups
     */
    public void partition(String networkName, List<List<MacAddress>> groups) {
        if (groups.isEmpty()) {
            Network network = requireNetwork(networkName);
            if (network.impairments() != null) {
                network.impairments().unpartition();
                network.dropImpairmentsIfEmpty();
                removeIfUnused(network);
            }
            return;
        }
        if (groups.size() < 2 || groups.stream().anyMatch(List::isEmpty)) {
            throw new ControlException(Refusal.INVALID_ARGUMENT, "a partition needs at least two non-empty groups");
        }
        int macs = groups.stream().mapToInt(List::size).sum();
        if (macs > limits.maxPortsPerNetwork()) {
            throw new ControlException(Refusal.RESOURCE_EXHAUSTED, "the partition names " + macs + " ports; a network has at most "
                    + limits.maxPortsPerNetwork() + " (--max-ports-per-network)");
        }
        Network network = networkForUpdate(networkName);
        try {
            network.impairmentsForUpdate().partition(groups);
        } catch (IllegalArgumentException e) {
            network.dropImpairmentsIfEmpty();
            removeIfUnused(network);
            throw new ControlException(Refusal.INVALID_ARGUMENT, e.getMessage());
        }
    }

    /** Cuts the link from one port to another, one way. */
    public void cut(String networkName, MacAddress from, MacAddress to) {
        if (from.equals(to)) {
            throw new ControlException(Refusal.INVALID_ARGUMENT, "cannot cut a port from itself (" + from + ")");
        }
        Network network = networkForUpdate(networkName);
        Impairments existing = network.impairments();
        int limit = limits.impairments().cutsPerNetwork();
        if (existing != null && existing.cutCount() >= limit && !existing.isCut(from, to)) {
            throw new ControlException(Refusal.RESOURCE_EXHAUSTED, "network '" + network.name() + "' already has "
                    + limit + " cut links (limit " + limit + ", --max-cuts-per-network)");
        }
        network.impairmentsForUpdate().cut(from, to);
    }

    /** Memory frames held by impairments take now, every network together (see {@link HeldBudget}). */
    public long heldBytes() {
        return heldBudget.held();
    }

    /**
     * Restores a link cut with {@link #cut}.
     *
     * @throws ControlException NOT_FOUND when that link is not cut
     */
    public void uncut(String networkName, MacAddress from, MacAddress to) {
        Network network = requireNetwork(networkName);
        if (network.impairments() == null || !network.impairments().uncut(from, to)) {
            throw new ControlException(Refusal.NOT_FOUND, "the link " + from + " -> " + to + " is not cut");
        }
        network.dropImpairmentsIfEmpty();
        removeIfUnused(network);
    }

    /** Removes the partitions and cuts of one network (rules stay). */
    public void heal(String networkName) {
        Network network = requireNetwork(networkName);
        if (network.impairments() != null) {
            network.impairments().heal();
            network.dropImpairmentsIfEmpty();
            removeIfUnused(network);
        }
    }

    private Network networkForUpdate(String networkName) {
        String name = checkNetworkName(networkName);
        Network network = networks.get(name);
        if (network == null) {
            checkRoomForNetwork(name);
            network = newNetwork(name);
            networks.put(name, network);
        }
        return network;
    }

    /**
     * The network of that name.
     *
     * @throws ControlException NOT_FOUND
     */
    public Network requireNetwork(String name) {
        Network network = network(name);
        if (network == null) {
            throw new ControlException(Refusal.NOT_FOUND, "no network '" + name + "'");
        }
        return network;
    }

    /** The port with this id, or {@code null}. */
    public Port port(int id) {
        return portsById.get(id);
    }

    /**
     * Forwards one frame sent by {@code from}. The frame lies between the buffer's reader and writer
     * index; the caller keeps ownership (see {@link FrameSink} for what receivers may do with it).
     */
    public void ingress(Port from, ByteBuf frame) {
        from.network().ingress(from, frame, nanoClock.getAsLong());
    }

    /** Counters of drops that could not be tied to a port (bad magic, unknown port, ...). */
    public DropCounters unattributedDrops() {
        return unattributedDrops;
    }

    /** The switch-wide account of every frame (see {@link FrameLedger}); it outlives ports and networks. */
    public FrameLedger ledger() {
        return ledger;
    }

    /** The networks, by name. */
    public List<Network> networks() {
        return new ArrayList<>(networks.values());
    }

    /** The network of that name, or {@code null}. */
    public Network network(String name) {
        return networks.get(checkNetworkName(name));
    }

    /** Learned MAC entries of a network now. */
    public int macTableSize(Network network) {
        return network.macTableSize(nanoClock.getAsLong());
    }

    /**
     * Zeroes counters: of one network's ports, or (name {@code null}) everything, unattributed drops
     * included.
     *
     * @throws ControlException NOT_FOUND for an unknown network
     */
    public void resetCounters(String networkName) {
        if (networkName == null) {
            networks.values().forEach(Network::resetCounters);
            unattributedDrops.reset();
            ledger.reset();
            return;
        }
        requireNetwork(networkName).resetCounters();
    }
}
