package io.vnetif.server;

import io.vnetif.core.SwitchLimits;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Everything a switch needs to start.
 *
 * @param control          gRPC bind address (port 0: any free port)
 * @param data             UDP data-plane bind address (port 0: any free port)
 * @param vxlan            VXLAN bind address, or {@code null} not to listen for VXLAN
 * @param metrics          Prometheus endpoint bind address, or {@code null} for none
 * @param advertisedHost   host put into Attach responses as the data endpoint; {@code null}: the data
 *                         bind address, or when that is a wildcard, the address the client reached the
 *                         control port at
 * @param lease            how long a port lives without renewal
 * @param limits           engine limits and MAC aging
 */
public record SwitchConfig(InetSocketAddress control, InetSocketAddress data, InetSocketAddress vxlan, InetSocketAddress metrics,
                           String advertisedHost, Duration lease, SwitchLimits limits) {
    /** Default metrics port. */
    public static final int DEFAULT_METRICS_PORT = 7402;
    /** The IANA port of VXLAN. */
    public static final int VXLAN_PORT = 4789;
    /** Default control port. */
    public static final int DEFAULT_CONTROL_PORT = 7400;
    /** Default data port. */
    public static final int DEFAULT_DATA_PORT = 7401;
    /** Default lease. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(5);

    /** Loopback, the given ports, default lease and limits (tests pass 0, 0). */
    public static SwitchConfig loopback(int controlPort, int dataPort) {
        return new SwitchConfig(new InetSocketAddress("127.0.0.1", controlPort), new InetSocketAddress("127.0.0.1", dataPort),
                null, null, null, DEFAULT_LEASE, SwitchLimits.DEFAULTS);
    }

    /** The same with another lease. */
    public SwitchConfig withLease(Duration newLease) {
        return new SwitchConfig(control, data, vxlan, metrics, advertisedHost, newLease, limits);
    }

    /** The same, listening for VXLAN at {@code address}. */
    public SwitchConfig withVxlan(InetSocketAddress address) {
        return new SwitchConfig(control, data, address, metrics, advertisedHost, lease, limits);
    }

    /** The same, serving Prometheus metrics at {@code address}. */
    public SwitchConfig withMetrics(InetSocketAddress address) {
        return new SwitchConfig(control, data, vxlan, address, advertisedHost, lease, limits);
    }
}
