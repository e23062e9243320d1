package io.vnetif.core;

import io.vnetif.core.port.RateCap;
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
 */
public record SwitchLimits(int maxNetworks, int maxPortsPerNetwork, int maxMacEntriesPerNetwork, long macAgingNanos,
                           RateCap portRateCap, int attachesPerSecond, ImpairmentLimits impairments) {
    /** Default of {@link #attachesPerSecond}: far above what tests do, far below what exhausts the switch. */
    public static final int DEFAULT_ATTACHES_PER_SECOND = 1000;
    /**
     * Defaults: 256 networks, 1024 ports and 4096 MAC entries per network, 300 s aging (as IEEE 802.1D),
     * no rate cap, 1000 attaches per second, {@link ImpairmentLimits#DEFAULTS}.
     */
    public static final SwitchLimits DEFAULTS = new SwitchLimits(256, 1024, 4096, Duration.ofSeconds(300).toNanos(), RateCap.NONE,
            DEFAULT_ATTACHES_PER_SECOND, ImpairmentLimits.DEFAULTS);

    public SwitchLimits {
        requirePositive("maxNetworks", maxNetworks);
        requirePositive("maxPortsPerNetwork", maxPortsPerNetwork);
        requirePositive("maxMacEntriesPerNetwork", maxMacEntriesPerNetwork);
        requirePositive("macAgingNanos", macAgingNanos);
        java.util.Objects.requireNonNull(portRateCap, "portRateCap");
        java.util.Objects.requireNonNull(impairments, "impairments");
        if (attachesPerSecond < 0) {
            throw new IllegalArgumentException("attachesPerSecond cannot be negative, got " + attachesPerSecond);
        }
    }

    /** Limits without a per-port rate cap or attach rate limit, with the default impairment limits. */
    public SwitchLimits(int maxNetworks, int maxPortsPerNetwork, int maxMacEntriesPerNetwork, long macAgingNanos) {
        this(maxNetworks, maxPortsPerNetwork, maxMacEntriesPerNetwork, macAgingNanos, RateCap.NONE, 0, ImpairmentLimits.DEFAULTS);
    }

    private static void requirePositive(String what, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    /** The same limits with another MAC aging time. */
    public SwitchLimits withMacAging(Duration aging) {
        return new SwitchLimits(maxNetworks, maxPortsPerNetwork, maxMacEntriesPerNetwork, aging.toNanos(), portRateCap, attachesPerSecond, impairments);
    }

    /** The same limits with another per-port rate cap. */
    public SwitchLimits withPortRateCap(RateCap cap) {
        return new SwitchLimits(maxNetworks, maxPortsPerNetwork, maxMacEntriesPerNetwork, macAgingNanos, cap, attachesPerSecond, impairments);
    }

    /** The same limits with another attach rate limit (0: none). */
    public SwitchLimits withAttachesPerSecond(int perSecond) {
        return new SwitchLimits(maxNetworks, maxPortsPerNetwork, maxMacEntriesPerNetwork, macAgingNanos, portRateCap, perSecond, impairments);
    }

    /** The same with other impairment limits. */
    public SwitchLimits withImpairments(ImpairmentLimits limits) {
        return new SwitchLimits(maxNetworks, maxPortsPerNetwork, maxMacEntriesPerNetwork, macAgingNanos, portRateCap, attachesPerSecond, limits);
    }
}
