package io.vnetif.core;

import io.vnetif.core.port.RateCap;
import io.vnetif.core.port.TokenBucket;
import java.time.Duration;

/**
 * Bounds that keep one switch from growing without limit.
 *
 * @param maxNetworks             networks that may exist at once ({@code default} included)
 * @param maxPortsPerNetwork      ports on one network
 * @param maxMacEntriesPerNetwork learned MAC entries per network; beyond it new sources are not learned
 *                                (frames to them are flooded) and the overflow is counted
 * @param macAgingNanos           a learned entry not refreshed for this long is forgotten
 * @param portRateCap             the most each port may send (so one port cannot starve the others)
 * @param attachesPerSecond       attaches the switch accepts per second (a second's worth at once), 0 for
 *                                no limit; beyond it an attach fails with RESOURCE_EXHAUSTED
 * @param impairments             bounds on rules, cuts and held frames
 * @param portFloodsPerSecond     storm control: frames per second each port may have flooded (broadcast, multicast,
 *                                unknown unicast; a second's worth at once), 0 for no cap; beyond it they are
 *                                dropped as STORM_CONTROL
 * @param networkMaxShare         the most of the engine's thread a network whose frames are expensive (delivered to
 *                                more than 64 ports each on average, fewer with many impairment rules) may take over
 *                                10 ms (0..1); beyond it, or far over an equal share while other networks have traffic,
 *                                two windows in a row, its frames are dropped as NETWORK_BUSY for the next 10 ms.
 *                                Cheap frames are never held back. 1: no sharing at all, for an engine whose callers
 *                                forward on their own threads, as the in-process switch's do
 */
public record SwitchLimits(int maxNetworks, int maxPortsPerNetwork, int maxMacEntriesPerNetwork, long macAgingNanos,
                           RateCap portRateCap, int attachesPerSecond, ImpairmentLimits impairments, long portFloodsPerSecond,
                           double networkMaxShare) {
    /** Default of {@link #networkMaxShare}. */
    public static final double DEFAULT_NETWORK_MAX_SHARE = 0.75;
    /** Default of {@link #portFloodsPerSecond}: far above the ARP, ND and DHCP of a test LAN, far below a storm. */
    public static final long DEFAULT_PORT_FLOODS_PER_SECOND = 1000;
    /** Default of {@link #attachesPerSecond}: far above what tests do, far below what exhausts the switch. */
    public static final int DEFAULT_ATTACHES_PER_SECOND = 1000;
    /**
     * Defaults: 256 networks, 1024 ports and 4096 MAC entries per network, 300 s aging (as IEEE 802.1D),
     * no rate cap, 1000 attaches per second, {@link ImpairmentLimits#DEFAULTS}, 1000 floods per second per port, three
     * quarters of the engine's thread at most per network.
     */
    public static final SwitchLimits DEFAULTS = new SwitchLimits(256, 1024, 4096, Duration.ofSeconds(300).toNanos(), RateCap.NONE,
            DEFAULT_ATTACHES_PER_SECOND, ImpairmentLimits.DEFAULTS, DEFAULT_PORT_FLOODS_PER_SECOND, DEFAULT_NETWORK_MAX_SHARE);

    public SwitchLimits {
        requirePositive("maxNetworks", maxNetworks);
        requirePositive("maxPortsPerNetwork", maxPortsPerNetwork);
        requirePositive("maxMacEntriesPerNetwork", maxMacEntriesPerNetwork);
        requirePositive("macAgingNanos", macAgingNanos);
        java.util.Objects.requireNonNull(portRateCap, "portRateCap");
        java.util.Objects.requireNonNull(impairments, "impairments");
        if (!(networkMaxShare > 0 && networkMaxShare <= 1)) {
            throw new IllegalArgumentException("networkMaxShare must be in (0, 1], got " + networkMaxShare);
        }
        if (portFloodsPerSecond < 0) {
            throw new IllegalArgumentException("portFloodsPerSecond cannot be negative, got " + portFloodsPerSecond);
        }
        if (attachesPerSecond < 0) {
            throw new IllegalArgumentException("attachesPerSecond cannot be negative, got " + attachesPerSecond);
        }
    }

    /** Limits without a per-port rate cap, attach rate limit, storm control or share cap, with the default impairment limits. */
    public SwitchLimits(int maxNetworks, int maxPortsPerNetwork, int maxMacEntriesPerNetwork, long macAgingNanos) {
        this(maxNetworks, maxPortsPerNetwork, maxMacEntriesPerNetwork, macAgingNanos, RateCap.NONE, 0, ImpairmentLimits.DEFAULTS, 0, 1);
    }

    private static void requirePositive(String what, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    /** The same limits with another MAC aging time. */
    public SwitchLimits withMacAging(Duration aging) {
        return new SwitchLimits(maxNetworks, maxPortsPerNetwork, maxMacEntriesPerNetwork, aging.toNanos(), portRateCap, attachesPerSecond, impairments, portFloodsPerSecond, networkMaxShare);
    }

    /** The same limits with another per-port rate cap. */
    public SwitchLimits withPortRateCap(RateCap cap) {
        return new SwitchLimits(maxNetworks, maxPortsPerNetwork, maxMacEntriesPerNetwork, macAgingNanos, cap, attachesPerSecond, impairments, portFloodsPerSecond, networkMaxShare);
    }

    /** The same limits with another attach rate limit (0: none). */
    public SwitchLimits withAttachesPerSecond(int perSecond) {
        return new SwitchLimits(maxNetworks, maxPortsPerNetwork, maxMacEntriesPerNetwork, macAgingNanos, portRateCap, perSecond, impairments, portFloodsPerSecond, networkMaxShare);
    }

    /** The same with other impairment limits. */
    public SwitchLimits withImpairments(ImpairmentLimits limits) {
        return new SwitchLimits(maxNetworks, maxPortsPerNetwork, maxMacEntriesPerNetwork, macAgingNanos, portRateCap, attachesPerSecond, limits, portFloodsPerSecond, networkMaxShare);
    }

    /** The same with another storm control (0: none). */
    public SwitchLimits withPortFloodsPerSecond(long perSecond) {
        return new SwitchLimits(maxNetworks, maxPortsPerNetwork, maxMacEntriesPerNetwork, macAgingNanos, portRateCap, attachesPerSecond,
                impairments, perSecond, networkMaxShare);
    }

    /** The same with another most a network may take of the engine's thread (1: no cap). */
    public SwitchLimits withNetworkMaxShare(double share) {
        return new SwitchLimits(maxNetworks, maxPortsPerNetwork, maxMacEntriesPerNetwork, macAgingNanos, portRateCap, attachesPerSecond,
                impairments, portFloodsPerSecond, share);
    }

    /** A fresh, full storm-control bucket for one port, or {@code null} when floods are not capped. */
    public TokenBucket newFloodBucket(long nowNanos) {
        return portFloodsPerSecond == 0 ? null : new TokenBucket(portFloodsPerSecond, portFloodsPerSecond, nowNanos);
    }
}
