package io.vnetif.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.api.DropReason;
import org.junit.jupiter.api.Test;

class ProtoStatsTest {
    /** The engine's reasons and the API's enum must not drift apart. */
    @Test
    void everyEngineDropReasonHasAnApiValueOfTheSameName() {
        for (DropReason r : DropReason.values()) {
            assertThat(ProtoStats.reason(r).name()).isEqualTo(r.name());
        }
    }
}
