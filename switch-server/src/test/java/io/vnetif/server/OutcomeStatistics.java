package io.vnetif.server;

import net.jqwik.api.statistics.Statistics;

/**
 * Reports what became of each try's datagram and fails the property when some outcome never occurred:
 * a property whose generators never reach a branch passes without testing it.
 */
final class OutcomeStatistics {
    private OutcomeStatistics() {
    }

    /** Call once per try, with the tally the try expected and the outcomes the whole run must reach. */
    static void collect(Tally expected, String... mustOccur) {
        Statistics.collect(expected.outcome());
        Statistics.coverage(coverage -> {
            for (String outcome : mustOccur) {
                coverage.check(outcome).count(n -> n > 0);
            }
        });
    }
}
