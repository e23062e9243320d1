package io.vnetif.core;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;
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
    private final Map<String, Network> networks = new TreeMap<>();
    private final IntObjectHashMap<Port> portsById = new IntObjectHashMap<>();
    private final DropCounters unattributedDrops = new DropCounters();
    private int nextPortId;

    /**
     * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime}; tests pass a fake clock)
     * @param random    source of assigned MACs and of the first port id
     */
    public SwitchEngine(SwitchLimits limits, LongSupplier nanoClock, RandomGenerator random) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.random = random;
        // Ids start at a random point so that a client of a previous switch instance is told
        // UNKNOWN_PORT rather than landing on somebody else's port id.
        this.nextPortId = 1 + random.nextInt(1 << 30);
        networks.put(DEFAULT_NETWORK, new Network(DEFAULT_NETWORK, limits, nanoClock.getAsLong()));
    }

    /** Validates a network name; the empty string means {@value #DEFAULT_NETWORK}. */
    public static String checkNetworkName(String name) {
        if (name == null || name.isEmpty()) {
            return DEFAULT_NETWORK;
        }
        if (!NETWORK_NAME.matcher(name).matches()) {
            throw new ControlException(ControlException.Code.INVALID_ARGUMENT, "bad network name '" + name
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
            if (networks.size() >= limits.maxNetworks()) {
                throw new ControlException(ControlException.Code.RESOURCE_EXHAUSTED, "cannot create network '" + name
                        + "': the switch already has " + networks.size() + " networks (limit " + limits.maxNetworks() + ")");
            }
        } else if (network.portCount() >= limits.maxPortsPerNetwork()) {
            throw new ControlException(ControlException.Code.RESOURCE_EXHAUSTED, "network '" + name + "' already has "
                    + network.portCount() + " ports (limit " + limits.maxPortsPerNetwork() + ")");
        }
        MacAddress mac = spec.mac() != null ? claimRequested(network, name, spec.mac()) : assignMac(network);
        if (network == null) {
            network = new Network(name, limits, nanoClock.getAsLong());
            networks.put(name, network);
        }
        Port port = new Port(allocatePortId(), network, mac, spec, sink);
        network.add(port);
        portsById.put(port.id(), port);
        return port;
    }

    private static void checkSpec(PortSpec spec) {
        if (spec.mtu() < PortSpec.MIN_MTU || spec.mtu() > PortSpec.MAX_MTU) {
            throw new ControlException(ControlException.Code.INVALID_ARGUMENT, "MTU " + spec.mtu()
                    + " out of range " + PortSpec.MIN_MTU + ".." + PortSpec.MAX_MTU);
        }
        if (spec.label().length() > PortSpec.MAX_LABEL_LENGTH) {
            throw new ControlException(ControlException.Code.INVALID_ARGUMENT, "label is " + spec.label().length()
                    + " characters long (limit " + PortSpec.MAX_LABEL_LENGTH + ")");
        }
    }

    private static MacAddress claimRequested(Network network, String name, MacAddress mac) {
        if (mac.isMulticast()) {
            throw new ControlException(ControlException.Code.INVALID_ARGUMENT,
                    "MAC " + mac + " is a group (multicast) address; a port needs a unicast MAC");
        }
        if (mac.toLong() == 0) {
            throw new ControlException(ControlException.Code.INVALID_ARGUMENT, "MAC 00:00:00:00:00:00 is not a usable address");
        }
        if (network != null && network.macInUse(mac.toLong())) {
            throw new ControlException(ControlException.Code.ALREADY_EXISTS,
                    "MAC " + mac + " is already used by another port of network '" + name + "'");
        }
        return mac;
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
        Network network = port.network();
        network.remove(port);
        if (network.portCount() == 0 && !network.name().equals(DEFAULT_NETWORK)) {
            networks.remove(network.name());
        }
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
            return;
        }
        Network network = network(networkName);
        if (network == null) {
            throw new ControlException(ControlException.Code.NOT_FOUND, "no network '" + networkName + "'");
        }
        network.resetCounters();
    }
}
