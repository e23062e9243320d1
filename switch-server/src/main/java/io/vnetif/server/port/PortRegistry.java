package io.vnetif.server.port;

import io.netty.util.collection.IntObjectHashMap;
import io.vnetif.api.Refusal;
import io.vnetif.core.ControlException;
import io.vnetif.core.SwitchEngine;
import io.vnetif.core.port.Port;
import io.vnetif.core.port.PortSpec;
import io.vnetif.text.HostPort;
import io.vnetif.wire.DataCipher;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every port of the switch by id, with secrets and leases, and the {@link PortIndex} by which datagrams
 * find theirs. Confined to the data-plane event loop: the control service reaches it through its loop
 * executor.
 */
public final class PortRegistry {
    private static final Logger log = LoggerFactory.getLogger(PortRegistry.class);
    /** Remembered MACs of ports that went away (for counting re-attaches); the oldest are forgotten first. */
    private static final int RECENTLY_GONE = 4096;

    private final SwitchEngine engine;
    private final LongSupplier nanoClock;
    private final long leaseNanos;
    private final SecureRandom secrets = new SecureRandom();
    private final IntObjectHashMap<SwitchPort> byId = new IntObjectHashMap<>();
    private final PortIndex index = new PortIndex();
    private final PortLimits limits;
    /** Ports attached, by client and by the endpoint they send to (for {@link PortLimits}); no entry for none. */
    private final Map<String, Integer> byClient = new HashMap<>();
    private final Map<InetSocketAddress, Integer> byPeer = new HashMap<>();
    private long leasesExpired;
    private long attaches;
    private long reattaches;
    /** MACs of ports that went away lately: an attach asking for one of them is a re-attach. */
    private final Map<String, Boolean> recentlyGone = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENTLY_GONE;
        }
    };

    /** With {@link PortLimits#DEFAULTS}. */
    public PortRegistry(SwitchEngine engine, LongSupplier nanoClock, Duration lease) {
        this(engine, nanoClock, lease, PortLimits.DEFAULTS);
    }

    public PortRegistry(SwitchEngine engine, LongSupplier nanoClock, Duration lease, PortLimits limits) {
        this.engine = engine;
        this.nanoClock = nanoClock;
        this.leaseNanos = lease.toNanos();
        this.limits = limits;
    }

    public PortLimits limits() {
        return limits;
    }

    public SwitchEngine engine() {
        return engine;
    }

    /** The expiry time a native port gets now. */
    public long fullLease() {
        return nanoClock.getAsLong() + leaseNanos;
    }

    /**
     * Creates a port for {@code client}: {@code kind} builds the server side from a fresh 64-bit secret, the
     * index learns how its datagrams find it, the engine adds it to the network.
     *
     * @throws ControlException as the engine refuses, ALREADY_EXISTS when the index has a port of that key
     *                          (a VXLAN peer and VNI), RESOURCE_EXHAUSTED beyond {@link PortLimits}
     */
    public <P extends SwitchPort> P attach(String client, String network, PortSpec spec, LongFunction<P> kind) {
        P port = kind.apply(secrets.nextLong());
        Port enginePort;
        try {
            checkRoom(client, port);
            enginePort = engine.attach(network, spec, port);
        } catch (RuntimeException e) {
            port.release();
            throw e;
        }
        port.bind(enginePort, client);
        port.index(index);
        byId.put(enginePort.id(), port);
        byClient.merge(client, 1, Integer::sum);
        if (port.declaredPeer() != null) {
            byPeer.merge(port.declaredPeer(), 1, Integer::sum);
        }
        attaches++;
        if (spec.mac() != null && recentlyGone.remove(network + "/" + spec.mac()) != null) {
            reattaches++;
        }
        log.info("attached {} {} ({})", port.kind(), enginePort, port.endpointText().isEmpty() ? "endpoint from first HELLO" : port.endpointText());
        return port;
    }

    private void checkRoom(String client, SwitchPort port) {
        String conflict = port.conflictIn(index);
        if (conflict != null) {
            throw new ControlException(Refusal.ALREADY_EXISTS, conflict);
        }
        int held = byClient.getOrDefault(client, 0);
        if (held >= limits.maxPerClient()) {
            throw new ControlException(Refusal.RESOURCE_EXHAUSTED, client + " already has " + held + " ports (limit " + limits.maxPerClient()
                    + " per client, --max-ports-per-client): detach some first");
        }
        InetSocketAddress peer = port.declaredPeer();
        int toPeer = peer == null ? 0 : byPeer.getOrDefault(peer, 0);
        if (toPeer >= limits.maxPerPeer()) {
            throw new ControlException(Refusal.RESOURCE_EXHAUSTED, toPeer + " ports already send to " + HostPort.format(peer)
                    + " (limit " + limits.maxPerPeer() + " per peer, --max-ports-per-peer): each frame flooded to them would leave as "
                    + toPeer + " datagrams there");
        }
    }

    /** A fresh random key for an encrypted port. */
    public byte[] newDataKey() {
        byte[] key = new byte[DataCipher.KEY_LENGTH];
        secrets.nextBytes(key);
        return key;
    }

    /** The port with this id, or {@code null}. */
    public SwitchPort get(int portId) {
        return byId.get(portId);
    }

    /** The native port with this id, or {@code null}: the native data plane's lookup. */
    NativePort nativePort(int portId) {
        return index.nativePort(portId);
    }

    /** The VXLAN port for datagrams from {@code peer} with {@code vni}, or {@code null}. */
    VxlanPort vxlanPort(InetAddress peer, int vni) {
        return index.vxlanPort(peer, vni);
    }

    /**
     * The port with this id and secret.
     *
     * @throws ControlException NOT_FOUND or PERMISSION_DENIED
     */
    public SwitchPort authenticate(int portId, long secret) {
        SwitchPort p = byId.get(portId);
        if (p == null) {
            throw new ControlException(Refusal.NOT_FOUND,
                    "no port " + Integer.toUnsignedString(portId) + " (detached, or its lease expired)");
        }
        if (p.secret() != secret) {
            throw new ControlException(Refusal.PERMISSION_DENIED,
                    "wrong secret for port " + Integer.toUnsignedString(portId));
        }
        return p;
    }

    /** Extends a port's lease (a port without one has nothing to extend). */
    public void renew(SwitchPort p) {
        p.renewUntil(fullLease());
    }

    public void detach(SwitchPort p, String why) {
        byId.remove(p.port().id());
        byClient.computeIfPresent(p.client(), (c, n) -> n == 1 ? null : n - 1);
        if (p.declaredPeer() != null) {
            byPeer.computeIfPresent(p.declaredPeer(), (a, n) -> n == 1 ? null : n - 1);
        }
        recentlyGone.put(p.port().network().name() + "/" + p.port().mac(), Boolean.TRUE);
        p.unindex(index);
        engine.detach(p.port());
        p.release();
        log.info("detached {} {}: {}", p.kind(), p.port(), why);
    }

    /** Removes every port whose lease ran out; returns how many. */
    public int expireLeases() {
        long now = nanoClock.getAsLong();
        List<SwitchPort> expired = new ArrayList<>();
        for (SwitchPort p : byId.values()) {
            if (p.leased() && p.leaseRemainingNanos(now) < 0) {
                expired.add(p);
            }
        }
        for (SwitchPort p : expired) {
            detach(p, "lease expired");
        }
        leasesExpired += expired.size();
        return expired.size();
    }

    /** Milliseconds left on a port's lease (0 for ports without lease). */
    public long leaseRemainingMillis(SwitchPort p) {
        return Math.max(0, p.leaseRemainingNanos(nanoClock.getAsLong()) / 1_000_000);
    }

    public long leaseMillis() {
        return leaseNanos / 1_000_000;
    }

    /** Ports attached since start. */
    public long attaches() {
        return attaches;
    }

    /** Attaches that asked for the MAC of a port that had gone (a client coming back), since start. */
    public long reattaches() {
        return reattaches;
    }

    /** Ports removed because their lease ran out, since start. */
    public long leasesExpired() {
        return leasesExpired;
    }

    public List<SwitchPort> all() {
        return new ArrayList<>(byId.values());
    }
}
