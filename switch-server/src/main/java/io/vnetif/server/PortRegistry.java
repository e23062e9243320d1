package io.vnetif.server;

import io.netty.util.collection.IntObjectHashMap;
import io.vnetif.core.ControlException;
import io.vnetif.core.SwitchEngine;
import io.vnetif.core.port.Port;
import io.vnetif.core.port.PortSpec;
import io.vnetif.wire.DataCipher;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every port of the switch by id (and VXLAN ports by peer address and VNI), with secrets and leases.
 * Confined to the data-plane event loop: the control service reaches it through {@link LoopExecutor}.
 */
final class PortRegistry {
    private static final Logger log = LoggerFactory.getLogger(PortRegistry.class);


    private final SwitchEngine engine;
    private final LongSupplier nanoClock;
    private final long leaseNanos;
    private final SecureRandom secrets = new SecureRandom();
    private final IntObjectHashMap<SwitchPort> byId = new IntObjectHashMap<>();
    /**
     * VXLAN datagrams are matched to ports by where they come from and their VNI: peer address, then
     * VNI, so the lookup for every datagram allocates no key.
     */
    private final Map<InetAddress, IntObjectHashMap<VxlanPort>> vxlanPeers = new HashMap<>();
    private long leasesExpired;
    private long attaches;
    private long reattaches;
    /** MACs of ports that went away lately: an attach asking for one of them is a re-attach. */
    private final Map<String, Boolean> recentlyGone = new java.util.LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 4096;
        }
    };

    PortRegistry(SwitchEngine engine, LongSupplier nanoClock, Duration lease) {
        this.engine = engine;
        this.nanoClock = nanoClock;
        this.leaseNanos = lease.toNanos();
    }

    SwitchEngine engine() {
        return engine;
    }

    /** The expiry time a native port gets now. */
    long fullLease() {
        return nanoClock.getAsLong() + leaseNanos;
    }

    /**
     * Creates a port: {@code kind} builds the server side from a fresh 64-bit secret, the engine adds it
     * to the network.
     */
    <P extends SwitchPort> P attach(String network, PortSpec spec, LongFunction<P> kind) {
        P port = kind.apply(secrets.nextLong());
        if (port instanceof VxlanPort) {
            VxlanPort v = (VxlanPort) port;
            IntObjectHashMap<VxlanPort> byVni = vxlanPeers.computeIfAbsent(v.peer().getAddress(), a -> new IntObjectHashMap<>());
            if (byVni.containsKey(v.vni())) {
                port.release();
                throw new ControlException(ControlException.Code.ALREADY_EXISTS, "a VXLAN port for peer "
                        + v.peer().getAddress().getHostAddress() + " and VNI " + v.vni() + " exists already");
            }
            byVni.put(v.vni(), v);
        }
        Port enginePort;
        try {
            enginePort = engine.attach(network, spec, port);
        } catch (RuntimeException e) {
            forgetVxlan(port);
            port.release();
            throw e;
        }
        port.bind(enginePort);
        byId.put(enginePort.id(), port);
        attaches++;
        if (spec.mac() != null && recentlyGone.remove(network + "/" + spec.mac()) != null) {
            reattaches++;
        }
        log.info("attached {} {} ({})", port.kind(), enginePort, port.endpointText().isEmpty() ? "endpoint from first HELLO" : port.endpointText());
        return port;
    }

    /** A fresh random key for an encrypted port. */
    byte[] newDataKey() {
        byte[] key = new byte[DataCipher.KEY_LENGTH];
        secrets.nextBytes(key);
        return key;
    }

    /** The port with this id, or {@code null}: the native data plane's lookup. */
    SwitchPort get(int portId) {
        return byId.get(portId);
    }

    /** The VXLAN port for datagrams from {@code peer} with {@code vni}, or {@code null}. */
    VxlanPort vxlan(InetAddress peer, int vni) {
        IntObjectHashMap<VxlanPort> byVni = vxlanPeers.get(peer);
        return byVni == null ? null : byVni.get(vni);
    }

    /**
     * The port with this id and secret.
     *
     * @throws ControlException NOT_FOUND or PERMISSION_DENIED
     */
    SwitchPort authenticate(int portId, long secret) {
        SwitchPort p = byId.get(portId);
        if (p == null) {
            throw new ControlException(ControlException.Code.NOT_FOUND,
                    "no port " + Integer.toUnsignedString(portId) + " (detached, or its lease expired)");
        }
        if (p.secret() != secret) {
            throw new ControlException(ControlException.Code.PERMISSION_DENIED,
                    "wrong secret for port " + Integer.toUnsignedString(portId));
        }
        return p;
    }

    /** Extends a native port's lease (other kinds have none: a no-op). */
    void renew(SwitchPort p) {
        if (p instanceof NativePort) {
            ((NativePort) p).renewUntil(fullLease());
        }
    }

    void detach(SwitchPort p, String why) {
        byId.remove(p.port().id());
        recentlyGone.put(p.port().network().name() + "/" + p.port().mac(), Boolean.TRUE);
        forgetVxlan(p);
        engine.detach(p.port());
        p.release();
        log.info("detached {} {}: {}", p.kind(), p.port(), why);
    }

    private void forgetVxlan(SwitchPort p) {
        if (p instanceof VxlanPort) {
            VxlanPort v = (VxlanPort) p;
            IntObjectHashMap<VxlanPort> byVni = vxlanPeers.get(v.peer().getAddress());
            if (byVni != null && byVni.get(v.vni()) == v) {
                byVni.remove(v.vni());
                if (byVni.isEmpty()) {
                    vxlanPeers.remove(v.peer().getAddress());
                }
            }
        }
    }

    /** Removes every native port whose lease ran out; returns how many. */
    int expireLeases() {
        long now = nanoClock.getAsLong();
        List<SwitchPort> expired = new ArrayList<>();
        for (SwitchPort p : byId.values()) {
            if (p instanceof NativePort && now - ((NativePort) p).leaseExpiresNanos() > 0) {
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
    long leaseRemainingMillis(SwitchPort p) {
        if (!(p instanceof NativePort)) {
            return 0;
        }
        return Math.max(0, (((NativePort) p).leaseExpiresNanos() - nanoClock.getAsLong()) / 1_000_000);
    }

    long leaseMillis() {
        return leaseNanos / 1_000_000;
    }

    /** Ports attached since start. */
    long attaches() {
        return attaches;
    }

    /** Attaches that asked for the MAC of a port that had gone (a client coming back), since start. */
    long reattaches() {
        return reattaches;
    }

    /** Ports removed because their lease ran out, since start. */
    long leasesExpired() {
        return leasesExpired;
    }

    List<SwitchPort> all() {
        return new ArrayList<>(byId.values());
    }
}
