package io.vnetif.server.control;

import io.vnetif.api.MacAddress;
import io.vnetif.api.Refusal;
import io.vnetif.core.ControlException;
import io.vnetif.core.Network;
import io.vnetif.core.SwitchEngine;
import io.vnetif.core.impair.ImpairmentRule;
import io.vnetif.core.port.Port;
import io.vnetif.proto.mapping.ImpairmentProtos;
import io.vnetif.proto.v1.ImpairmentSpec;
import io.vnetif.proto.v1.PortRef;
import java.util.List;

/**
 * Impairment requests against this switch: port references resolved on the engine (so this runs on
 * the loop), invalid fields turned into INVALID_ARGUMENT. Unless a request sets up rules before anyone
 * attaches, its network must exist and a port it names by MAC must be attached: a rule for anything else
 * could never act, and is most likely a typo.
 */
final class ImpairmentRequests {
    private final SwitchEngine engine;
    private final String network;
    private final boolean beforeAttach;

    private ImpairmentRequests(SwitchEngine engine, String network, boolean beforeAttach) {
        this.engine = engine;
        this.network = network;
        this.beforeAttach = beforeAttach;
    }

    /**
     * Requests that change a network's rules, partitions or cuts.
     *
     * @param beforeAttach the request's {@code before_attach}: the network and MACs need not be there yet
     * @throws ControlException NOT_FOUND when the network does not exist and {@code beforeAttach} is not set
     */
    static ImpairmentRequests forRules(SwitchEngine engine, String network, boolean beforeAttach) {
        if (!beforeAttach && engine.network(network) == null) {
            throw new ControlException(Refusal.NOT_FOUND, "no network '" + network + "': a rule there would never act "
                    + "(to set it up before anyone attaches: before_attach; on the command line, --before-attach)");
        }
        return new ImpairmentRequests(engine, network, beforeAttach);
    }

    /** Requests that only look ports up (a capture's port). */
    static ImpairmentRequests forLookups(SwitchEngine engine, String network) {
        return new ImpairmentRequests(engine, network, true);
    }

    io.vnetif.core.impair.ImpairmentSpec toEngine(ImpairmentSpec spec) {
        try {
            return ImpairmentProtos.toEngine(spec, this::resolve);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /**
     * The MAC a port reference stands for on the request's network.
     *
     * @throws ControlException INVALID_ARGUMENT (unset, bad MAC, label naming none or several ports) or
     *                          NOT_FOUND (port id not on the network; a MAC on no port, unless before attach)
     */
    MacAddress resolve(PortRef ref, String field) {
        return ref.getRefCase() == PortRef.RefCase.MAC && beforeAttach ? mac(ref, field) : resolvePort(ref, field).mac();
    }

    /**
     * The attached port a reference names on the request's network.
     *
     * @throws ControlException INVALID_ARGUMENT (unset, bad MAC, label naming none or several ports) or
     *                          NOT_FOUND (no such port on the network)
     */
    Port resolvePort(PortRef ref, String field) {
        Network n = engine.network(network);
        List<Port> onNetwork = n == null ? List.of() : n.ports();
        switch (ref.getRefCase()) {
            case MAC: {
                MacAddress mac = mac(ref, field);
                return onNetwork.stream().filter(p -> p.mac().equals(mac)).findFirst().orElseThrow(() -> new ControlException(
                        Refusal.NOT_FOUND, field + ": no port with MAC " + mac + " on network '" + network + "'"
                        + (beforeAttach ? "" : " (to set a rule up before it attaches: before_attach; on the command line, --before-attach)")));
            }
            case LABEL: {
                List<Port> labelled = onNetwork.stream().filter(p -> p.label().equals(ref.getLabel())).toList();
                if (labelled.size() != 1) {
                    throw invalid(field + ": label '" + ref.getLabel() + "' names " + labelled.size()
                            + " ports of network '" + network + "' (want exactly one; or give a MAC)");
                }
                return labelled.get(0);
            }
            case PORT_ID: {
                Port p = engine.port(ref.getPortId());
                if (p == null || !p.network().name().equals(network)) {
                    throw new ControlException(Refusal.NOT_FOUND, field + ": no port "
                            + Integer.toUnsignedString(ref.getPortId()) + " on network '" + network + "'");
                }
                return p;
            }
            default:
                throw invalid(field + " is missing: give a mac, a label or a port_id");
        }
    }

    private static MacAddress mac(PortRef ref, String field) {
        try {
            return ImpairmentProtos.mac(ref.getMac(), field + ".mac");
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static ControlException invalid(String message) {
        return new ControlException(Refusal.INVALID_ARGUMENT, message);
    }

    /** A rule as the API shows it: ports as MACs, seed set, counts. */
    static io.vnetif.proto.v1.ImpairmentRule toProto(ImpairmentRule rule) {
        return io.vnetif.proto.v1.ImpairmentRule.newBuilder()
                .setId(rule.id())
                .setNetwork(rule.network())
                .setSpec(ImpairmentProtos.toProto(rule.spec()))
                .setDescription(rule.spec().description())
                .addAllCounts(ImpairmentProtos.counts(rule.counts()))
                .build();
    }
}
