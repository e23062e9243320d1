package io.vnetif.server;

import net.jqwik.api.statistics.Statistics;

/**
 * Reports what became of each try and fails the property when some outcome never occurred: a property
 * whose generators never reach a branch passes without testing it.
 */
public final class OutcomeStatistics {
    private OutcomeStatistics() {
    }

    /** Call once per try, with the try's outcome and the outcomes the whole run must reach. */
    public static void collect(String outcome, String... mustOccur) {
        Statistics.collect(outcome);
        Statistics.coverage(coverage -> {
            for (String o : mustOccur) {
                coverage.check(o).count(n -> n > 0);
            }
        });
    }
}
