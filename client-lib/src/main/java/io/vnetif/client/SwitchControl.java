package io.vnetif.client;

import io.vnetif.api.ImpairmentOutcome;
import io.vnetif.api.MacAddress;
import io.vnetif.core.impair.ImpairmentSpec;
import java.util.List;
import java.util.Map;

/** The impairment operations each backend carries out: on its engine, or over gRPC. */
interface SwitchControl {
    /** What the switch made of a new rule. */
    record RuleInfo(long id, String network, long seed, String description) {
    }

    RuleInfo addImpairment(String network, ImpairmentSpec spec);

    /** Removes a rule; false when it did not exist (any more). */
    boolean removeImpairment(long id);

    Map<ImpairmentOutcome, Long> impairmentCounts(long id);

    /** Replaces the partition of a network; no groups removes it. */
    void setPartition(String network, List<List<MacAddress>> groups);

    /** Cuts the link, or restores it (a no-op when it is not cut). */
    void setCut(String network, MacAddress from, MacAddress to, boolean cut);
}
