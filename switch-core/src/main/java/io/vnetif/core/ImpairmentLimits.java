package io.vnetif.core;

/**
 * Bounds on a network's impairments: the control state that rules, cuts and partitions take, and the
 * memory frames held back by delays and rate limits take. Beyond a count, adding is refused with
 * RESOURCE_EXHAUSTED; beyond a byte budget, a frame that would be held is dropped as QUEUE_FULL.
 *
 * @param rulesPerNetwork     impairment rules per network (each frame is checked against those whose
 *                            scope covers it: all NETWORK rules, and the rules naming its sender or receiver)
 * @param cutsPerNetwork      one-way cuts per network
 * @param heldBytesPerNetwork memory that held frames of one network may take: each held frame costs its
 *                            entry in a queue, and each copy its bytes and the objects around them (a flood
 *                            held for many ports shares one copy)
 * @param heldBytes           the same for every network together
 */
public record ImpairmentLimits(int rulesPerNetwork, int cutsPerNetwork, long heldBytesPerNetwork, long heldBytes) {
    /** Per network 64 MiB; switch-wide 256 MiB, or a quarter of the JVM's heap when that is less. */
    public static final ImpairmentLimits DEFAULTS = new ImpairmentLimits(64, 1024, 64L << 20,
            Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4));

    public ImpairmentLimits {
        if (rulesPerNetwork <= 0 || cutsPerNetwork <= 0 || heldBytesPerNetwork <= 0 || heldBytes <= 0) {
            throw new IllegalArgumentException("impairment limits must be positive: " + rulesPerNetwork + " rules, " + cutsPerNetwork
                    + " cuts, " + heldBytesPerNetwork + " held bytes per network, " + heldBytes + " held bytes");
        }
    }

    /** The same with other held-frame budgets. */
    public ImpairmentLimits withHeldBytes(long perNetwork, long switchWide) {
        return new ImpairmentLimits(rulesPerNetwork, cutsPerNetwork, perNetwork, switchWide);
    }

    /** The same with another rule limit. */
    public ImpairmentLimits withRulesPerNetwork(int rules) {
        return new ImpairmentLimits(rules, cutsPerNetwork, heldBytesPerNetwork, heldBytes);
    }

    /** The same with another cut limit. */
    public ImpairmentLimits withCutsPerNetwork(int cuts) {
        return new ImpairmentLimits(rulesPerNetwork, cuts, heldBytesPerNetwork, heldBytes);
    }
}
