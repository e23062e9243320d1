package io.vnetif.api;

/**
 * How a delay impairment spreads its variation around the mean delay D with scale J (netem's
 * {@code delay D J distribution}).
 */
public enum DelayDistribution {
    /** Uniform in [D - J, D + J]. */
    UNIFORM,
    /** Normal with mean D and standard deviation J. */
    NORMAL,
    /** Heavy-tailed Pareto (shape 3) with mean D and standard deviation J: rare long stalls. */
    PARETO
}
