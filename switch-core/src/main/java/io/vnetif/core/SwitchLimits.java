package io.vnetif.core;

import java.time.Duration;

/**
 * Bounds that keep one switch from growing without limit.
 *
 * @param maxNetworks             networks that may exist at once ({@code default} included)
 * @param maxPortsPerNetwork      ports on one network
 * @param maxMacEntriesPerNetwork learned MAC entries per network; beyond it new sources are not learned
 *                                (frames to them are flooded) and the overflow is counted
 * @param macAgingNanos           a learned entry not refreshed for this long is forgotten
 */
public record SwitchLimits(int maxNetworks, int maxPortsPerNetwork, int maxMacEntriesPerNetwork, long macAgingNanos) {
    /** Defaults: 256 networks, 1024 ports and 4096 MAC entries per network, 300 s aging (as IEEE 802.1D). */
    public static final SwitchLimits DEFAULTS = new SwitchLimits(256, 1024, 4096, Duration.ofSeconds(300).toNanos());

    public SwitchLimits {
        requirePositive("maxNetworks", maxNetworks);
        requirePositive("maxPortsPerNetwork", maxPortsPerNetwork);
        requirePositive("maxMacEntriesPerNetwork", maxMacEntriesPerNetwork);
        requirePositive("macAgingNanos", macAgingNanos);
    }

    private static void requirePositive(String what, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    /** The same limits with another MAC aging time. */
    public SwitchLimits withMacAging(Duration aging) {
        return new SwitchLimits(maxNetworks, maxPortsPerNetwork, maxMacEntriesPerNetwork, aging.toNanos());
    }
}
