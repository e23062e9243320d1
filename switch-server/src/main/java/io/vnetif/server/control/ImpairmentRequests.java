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
 * the loop), invalid fields turned into INVALID_ARGUMENT.
 */
final class ImpairmentRequests {
    private final SwitchEngine engine;
    private final String network;

    ImpairmentRequests(SwitchEngine engine, String network) {
        this.engine = engine;
        this.network = network;
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
     *                          NOT_FOUND (port id not on the network)
     */
    MacAddress resolve(PortRef ref, String field) {
        return ref.getRefCase() == PortRef.RefCase.MAC ? mac(ref, field) : resolvePort(ref, field).mac();
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
                        Refusal.NOT_FOUND, field + ": no port with MAC " + mac + " on network '" + network + "'"));
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
                .setDescription(rule.spec().scope() + ": " + rule.spec().effects())
                .addAllCounts(ImpairmentProtos.counts(rule.counts()))
                .build();
    }
}
