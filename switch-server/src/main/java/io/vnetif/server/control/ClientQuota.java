package io.vnetif.server.control;

import io.vnetif.api.Refusal;
import io.vnetif.core.ControlException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Places of one kind (capture sessions, lease streams) per client: taken and checked in one step, so no
 * two calls of a client get its last place, and given back when what holds one ends. Thread-safe.
 */
final class ClientQuota {
    private final String what;
    private final String flag;
    private final int perClient;
    /** Places held, by client; a client holding none has no entry. */
    private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

    /**
     * @param what      what a place holds, plural ("capture sessions"), for refusals
     * @param flag      the switch flag that sets the limit, for refusals
     * @param perClient places one client may hold at once
     */
    ClientQuota(String what, String flag, int perClient) {
        this.what = what;
        this.flag = flag;
        this.perClient = perClient;
    }

    /**
     * Takes a place for {@code client}.
     *
     * @throws ControlException RESOURCE_EXHAUSTED when the client holds all its places
     */
    void take(String client) {
        boolean[] taken = {false};
        held.compute(client, (c, n) -> {
            int now = n == null ? 0 : n;
            if (now >= perClient) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        if (!taken[0]) {
            throw new ControlException(Refusal.RESOURCE_EXHAUSTED, client + " already has " + perClient + " " + what + " (limit " + perClient
                    + " per client, " + flag + ")");
        }
    }

    /** Gives back a place {@link #take} took. */
    void give(String client) {
        held.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
    }
}
