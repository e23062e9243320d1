package io.vnetif.server;

import io.netty.channel.Channel;
import io.netty.util.collection.IntObjectHashMap;
import io.vnetif.core.ControlException;
import io.vnetif.core.Port;
import io.vnetif.core.PortSpec;
import io.vnetif.core.SwitchEngine;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native ports of the switch by id, with their secrets and leases. Confined to the data-plane event
 * loop: the control service reaches it through {@link LoopExecutor}.
 */
final class NativePorts {
    private static final Logger log = LoggerFactory.getLogger(NativePorts.class);

    private final SwitchEngine engine;
    private final LongSupplier nanoClock;
    private final long leaseNanos;
    private final SecureRandom secrets = new SecureRandom();
    private final IntObjectHashMap<NativePort> byId = new IntObjectHashMap<>();
    private long leasesExpired;

    NativePorts(SwitchEngine engine, LongSupplier nanoClock, Duration lease) {
        this.engine = engine;
        this.nanoClock = nanoClock;
        this.leaseNanos = lease.toNanos();
    }

    SwitchEngine engine() {
        return engine;
    }

    /** Creates a port with a fresh 64-bit secret and a full lease. */
    NativePort attach(String network, PortSpec spec, InetSocketAddress clientEndpoint, Channel channel) {
        NativePort nativePort = new NativePort(secrets.nextLong(), channel, clientEndpoint, nanoClock.getAsLong() + leaseNanos);
        Port port = engine.attach(network, spec, nativePort);
        nativePort.bind(port);
        byId.put(port.id(), nativePort);
        log.info("attached {} (endpoint {})", port, clientEndpoint == null ? "from first HELLO" : clientEndpoint);
        return nativePort;
    }

    /** The port with this id, or {@code null}: the data plane's lookup. */
    NativePort get(int portId) {
        return byId.get(portId);
    }

    /**
     * The port with this id and secret.
     *
     * @throws ControlException NOT_FOUND or PERMISSION_DENIED
     */
    NativePort authenticate(int portId, long secret) {
        NativePort p = byId.get(portId);
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

    void renew(NativePort p) {
        p.renewUntil(nanoClock.getAsLong() + leaseNanos);
    }

    void detach(NativePort p, String why) {
        byId.remove(p.port().id());
        engine.detach(p.port());
        log.info("detached {}: {}", p.port(), why);
    }

    /** Removes every port whose lease ran out; returns how many. */
    int expireLeases() {
        long now = nanoClock.getAsLong();
        List<NativePort> expired = new ArrayList<>();
        for (NativePort p : byId.values()) {
            if (now - p.leaseExpiresNanos() > 0) {
                expired.add(p);
            }
        }
        for (NativePort p : expired) {
            detach(p, "lease expired");
        }
        leasesExpired += expired.size();
        return expired.size();
    }

    /** Milliseconds left on a port's lease (0 when due). */
    long leaseRemainingMillis(NativePort p) {
        return Math.max(0, (p.leaseExpiresNanos() - nanoClock.getAsLong()) / 1_000_000);
    }

    long leaseMillis() {
        return leaseNanos / 1_000_000;
    }

    /** Ports removed because their lease ran out, since start. */
    long leasesExpired() {
        return leasesExpired;
    }

    List<NativePort> all() {
        return new ArrayList<>(byId.values());
    }
}
