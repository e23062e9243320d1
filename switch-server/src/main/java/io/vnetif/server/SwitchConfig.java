package io.vnetif.server;

import io.vnetif.core.SwitchLimits;
import io.vnetif.proto.security.AccessToken;
import io.vnetif.server.control.ControlLimits;
import io.vnetif.server.tenancy.Tenants;
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
 * @param tls              TLS on the control port, or {@code null} for plaintext
 * @param tokens           the access tokens a control call must carry one of (the health service excepted),
 *                         each with what it may do, or {@code null} for none (everyone may do everything)
 * @param dataPlane        how the data plane sends and receives where the platform allows
 * @param controlLimits    bounds on what control calls create beside the engine (captures, lease streams)
 */
public record SwitchConfig(InetSocketAddress control, InetSocketAddress data, InetSocketAddress vxlan, InetSocketAddress metrics,
                           String advertisedHost, Duration lease, SwitchLimits limits, ServerTls tls, Tenants tokens,
                           DataPlaneTuning dataPlane, ControlLimits controlLimits) {
    /** Default metrics port. */
    public static final int DEFAULT_METRICS_PORT = 7402;
    /** The IANA port of VXLAN. */
    public static final int VXLAN_PORT = 4789;
    /** Default control port: the one clients assume when an address names none. */
    public static final int DEFAULT_CONTROL_PORT = io.vnetif.text.ControlAddress.DEFAULT_PORT;
    /** Default data port. */
    public static final int DEFAULT_DATA_PORT = 7401;
    /** Default lease. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(5);

    /** The same with the default data-plane tuning and control limits, and one token ({@code null}: none) that may do everything. */
    public SwitchConfig(InetSocketAddress control, InetSocketAddress data, InetSocketAddress vxlan, InetSocketAddress metrics,
                        String advertisedHost, Duration lease, SwitchLimits limits, ServerTls tls, AccessToken token) {
        this(control, data, vxlan, metrics, advertisedHost, lease, limits, tls, token == null ? null : Tenants.single(token), DataPlaneTuning.DEFAULTS,
                ControlLimits.DEFAULTS);
    }

    /** Loopback, the given ports, default lease and limits (tests pass 0, 0). */
    public static SwitchConfig loopback(int controlPort, int dataPort) {
        return new SwitchConfig(new InetSocketAddress("127.0.0.1", controlPort), new InetSocketAddress("127.0.0.1", dataPort),
                null, null, null, DEFAULT_LEASE, SwitchLimits.DEFAULTS, null, null);
    }

    /** The same with another lease. */
    public SwitchConfig withLease(Duration newLease) {
        return new SwitchConfig(control, data, vxlan, metrics, advertisedHost, newLease, limits, tls, tokens, dataPlane, controlLimits);
    }

    /** The same with other limits. */
    public SwitchConfig withLimits(SwitchLimits newLimits) {
        return new SwitchConfig(control, data, vxlan, metrics, advertisedHost, lease, newLimits, tls, tokens, dataPlane, controlLimits);
    }

    /** The same, listening for VXLAN at {@code address}. */
    public SwitchConfig withVxlan(InetSocketAddress address) {
        return new SwitchConfig(control, data, address, metrics, advertisedHost, lease, limits, tls, tokens, dataPlane, controlLimits);
    }

    /** The same, serving Prometheus metrics at {@code address}. */
    public SwitchConfig withMetrics(InetSocketAddress address) {
        return new SwitchConfig(control, data, vxlan, address, advertisedHost, lease, limits, tls, tokens, dataPlane, controlLimits);
    }

    /** The same with TLS on the control port ({@code null}: plaintext). */
    public SwitchConfig withTls(ServerTls newTls) {
        return new SwitchConfig(control, data, vxlan, metrics, advertisedHost, lease, limits, newTls, tokens, dataPlane, controlLimits);
    }

    /** The same, requiring {@code newToken} on control calls, whose holder may do everything ({@code null}: no token). */
    public SwitchConfig withToken(AccessToken newToken) {
        return withTokens(newToken == null ? null : Tenants.single(newToken));
    }

    /** The same, requiring one of {@code newTokens} on control calls, each allowing what its grant says ({@code null}: no token). */
    public SwitchConfig withTokens(Tenants newTokens) {
        return new SwitchConfig(control, data, vxlan, metrics, advertisedHost, lease, limits, tls, newTokens, dataPlane, controlLimits);
    }

    /** The same with another data-plane tuning. */
    public SwitchConfig withDataPlane(DataPlaneTuning tuning) {
        return new SwitchConfig(control, data, vxlan, metrics, advertisedHost, lease, limits, tls, tokens, tuning, controlLimits);
    }

    /** The same with other control limits. */
    public SwitchConfig withControlLimits(ControlLimits newLimits) {
        return new SwitchConfig(control, data, vxlan, metrics, advertisedHost, lease, limits, tls, tokens, dataPlane, newLimits);
    }

    /** How the control port is protected, for the ready line and the log: {@code tls=off|on|mutual token=off|on|scoped}. */
    public String controlSecurity() {
        return "tls=" + (tls == null ? "off" : tls.mutual() ? "mutual" : "on") + " token=" + (tokens == null ? "off" : tokens.scoped() ? "scoped" : "on");
    }
}
