package io.vnetif.proto.mapping;

import io.vnetif.proto.v1.GetStatsResponse;
import io.vnetif.proto.v1.SwitchCounter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The switch-wide counters of a GetStats answer by name, for readers that want a few of them. */
public final class SwitchCounters {
    private SwitchCounters() {
    }

    /** Every counter the switch reported, in its order; one the switch could not measure is absent. */
    public static Map<String, Long> byName(GetStatsResponse stats) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (SwitchCounter c : stats.getCountersList()) {
            values.put(c.getName(), c.getValue());
        }
        return values;
    }
}
