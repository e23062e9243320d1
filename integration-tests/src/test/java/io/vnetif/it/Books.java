package io.vnetif.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.proto.v1.DropCount;
import io.vnetif.proto.v1.FrameLedger;
import java.util.List;
import java.util.stream.Collectors;

/** The switch's frame ledger as the tests read it: sums of drop lists and the balance they must show. */
final class Books {
    private Books() {
    }

    /** The sum of a list of drop counts. */
    static long sum(List<DropCount> drops) {
        return drops.stream().mapToLong(DropCount::getCount).sum();
    }

    /** received + copies = delivered + dropped + held, computed here from the parts rather than trusted from the switch. */
    static void assertBalanced(FrameLedger l) {
        assertThat(l.getReceived() + l.getCopies()).as("received + copies = delivered + dropped + held: %s", l)
                .isEqualTo(l.getDelivered() + sum(l.getDroppedList()) + l.getHeld());
    }

    /** "REASON=count ..." for figures printed by the tests. */
    static String byReason(List<DropCount> drops) {
        return drops.stream().map(d -> d.getReason() + "=" + d.getCount()).collect(Collectors.joining(" "));
    }
}
