package io.vnetif.cli;

import io.vnetif.api.MacAddress;
import io.vnetif.core.impair.FrameMatch;
import io.vnetif.proto.mapping.ImpairmentProtos;
import io.vnetif.proto.v1.AddImpairmentRequest;
import io.vnetif.proto.v1.FrameFilter;
import io.vnetif.proto.v1.ImpairmentRule;
import io.vnetif.proto.v1.ImpairmentScope;
import io.vnetif.proto.v1.ImpairmentSpec;
import io.vnetif.proto.v1.PortRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vnetif impair [--from P] [--to P | --port P] [filters] EFFECT...}: adds a rule (two with --port). */
@Command(name = "impair", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Adds an impairment rule, in the words of tc netem. Without --from/--to/--port it acts on the whole network.",
                "Effects: loss P%% [CORR%%] | gemodel P%% [R%% [1-H%% [1-K%%]]] | delay D [J [uniform|normal|pareto]] |",
                "  reorder P%% | duplicate P%% | corrupt P%% | rate 10mbit [queue 64kb] | mtu N | trailing N |",
                "  blackout 1mb 5s | seed N",
                "Ports: a label, a MAC, or #port-id.",
                "Example: vnetif impair --network lab --port web loss 1%% delay 20ms 5ms"},
        subcommands = {ImpairCommand.ListRules.class, ImpairCommand.Clear.class, ImpairCommand.Remove.class})
final class ImpairCommand extends SwitchCommand {
    @Mixin
    NetworkName network;

    @Mixin
    BeforeAttach beforeAttach;

    @Option(names = "--from", paramLabel = "PORT", description = "Frames as sent by this port (with --to: only towards that one).")
    String from;

    @Option(names = "--to", paramLabel = "PORT", description = "Frames as delivered to this port.")
    String to;

    @Option(names = "--port", paramLabel = "PORT", description = "Both directions of this port's link: two rules, like netem at both ends of its cable.")
    String port;

    @Option(names = "--ethertype", paramLabel = "TYPE", description = "Only this EtherType: arp, ipv4, ipv6 or a number (0x88b5).")
    String etherType;

    @Option(names = "--ip-proto", paramLabel = "PROTO", description = "Only IP frames of this protocol: tcp, udp, icmp or a number.")
    String ipProtocol;

    @Option(names = "--size", paramLabel = "MIN-MAX", description = "Only frames of this length in bytes (e.g. 0-128).")
    String size;

    @Option(names = "--dst", paramLabel = "MAC", description = "Only frames to this destination MAC.")
    String destination;

    @Parameters(paramLabel = "EFFECT", arity = "0..*", description = "What to do to the frames (see above).")
    List<String> effects = new ArrayList<>();

    @Override
    public Integer call() {
        ImpairmentSpec.Builder rule = ImpairmentSpec.newBuilder().setMatch(filter());
        EffectParser.parse(effects, rule);
        List<ImpairmentScope> scopes = scopes();
        checkLocally(rule.clone().setScope(scopes.get(0)).build());
        List<ImpairmentRule> added = new ArrayList<>();
        try {
            for (ImpairmentScope scope : scopes) {
                ImpairmentSpec one = rule.clone().setScope(scope).build();
                added.add(connection.call(stub -> stub.addImpairment(AddImpairmentRequest.newBuilder()
                        .setNetwork(network.name).setSpec(one).setBeforeAttach(beforeAttach.set).build())));
            }
        } catch (RuntimeException e) {
            // --port makes two rules: never leave half of the pair in force.
            added.forEach(r -> connection.call(stub -> stub.removeImpairment(
                    io.vnetif.proto.v1.RemoveImpairmentRequest.newBuilder().setId(r.getId()).build())));
            throw e;
        }
        for (ImpairmentRule r : added) {
            out().printf("rule %d on %s: %s (seed %d)%n", r.getId(), r.getNetwork(), r.getDescription(),
                    r.getSpec().getSeed());
        }
        return 0;
    }

    /**
     * Checks the rule as the switch will (the engine's own checks, through the same mapping), so that what is
     * wrong with the words is a usage error said here, not a refusal of the switch in its field names. Ports
     * are left to the switch, which alone knows them.
     */
    private static void checkLocally(ImpairmentSpec rule) {
        ImpairmentProtos.toEngine(rule, (ref, field) -> MacAddress.BROADCAST);
    }

    private List<ImpairmentScope> scopes() {
        if (port != null) {
            if (from != null || to != null) {
                throw new IllegalArgumentException("--port covers both directions; do not combine it with --from or --to");
            }
            PortRef ref = PortRefs.parse("--port", port);
            return List.of(scope(ImpairmentScope.Kind.SENT_BY, ref, null), scope(ImpairmentScope.Kind.DELIVERED_TO, ref, null));
        }
        if (from != null && to != null) {
            return List.of(scope(ImpairmentScope.Kind.LINK, PortRefs.parse("--from", from), PortRefs.parse("--to", to)));
        }
        if (from != null) {
            return List.of(scope(ImpairmentScope.Kind.SENT_BY, PortRefs.parse("--from", from), null));
        }
        if (to != null) {
            return List.of(scope(ImpairmentScope.Kind.DELIVERED_TO, PortRefs.parse("--to", to), null));
        }
        return List.of(ImpairmentScope.newBuilder().setKind(ImpairmentScope.Kind.NETWORK).build());
    }

    private static ImpairmentScope scope(ImpairmentScope.Kind kind, PortRef port, PortRef peer) {
        ImpairmentScope.Builder b = ImpairmentScope.newBuilder().setKind(kind).setPort(port);
        if (peer != null) {
            b.setPeer(peer);
        }
        return b.build();
    }

    /** The frames the filter options take. */
    FrameFilter filter() {
        FrameFilter.Builder f = FrameFilter.newBuilder();
        if (etherType != null) {
            f.setEtherType(etherType(etherType));
        }
        if (ipProtocol != null) {
            f.setIpProtocol(named("--ip-proto", ipProtocol, FrameMatch.IP_PROTOCOL_NAMES, 255));
        }
        if (size != null) {
            String[] range = size.split("-", -1);
            if (range.length != 2) {
                throw new IllegalArgumentException("--size: '" + size + "' is not a range MIN-MAX (e.g. 0-128)");
            }
            try {
                f.setMinSize(range[0].isEmpty() ? 0 : Units.intIn(range[0], 0, 65535));
                f.setMaxSize(range[1].isEmpty() ? 0 : Units.intIn(range[1], 0, 65535));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--size: " + e.getMessage());
            }
        }
        if (destination != null) {
            f.setDestinationMac(PortRefs.mac("--dst", destination).toString());
        }
        return f.build();
    }

    /** An EtherType by name (arp, ipv4, ipv6) or number. */
    static int etherType(String word) {
        return named("--ethertype", word, FrameMatch.ETHER_TYPE_NAMES, 0xFFFF);
    }

    private static int named(String option, String word, Map<String, Integer> names, int max) {
        Integer known = names.get(word.toLowerCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        try {
            int value = Integer.decode(word);
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw new IllegalArgumentException(option + ": '" + word + "' is neither one of " + names.keySet() + " nor a number 0.." + max);
    }

    /** {@code vnetif impair list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists rules (with what they did so far), partitions and cuts.")
    static final class ListRules extends SwitchCommand {
        @Mixin
        NetworkFilter network;

        @Option(names = "--json", description = "Print the ListImpairments answer as JSON, for scripts (see docs/cli.md#json).")
        boolean json;

        @Override
        public Integer call() {
            var response = connection.call(stub -> stub.listImpairments(
                    io.vnetif.proto.v1.ListImpairmentsRequest.newBuilder().setNetwork(network.orAll()).build()));
            var out = out();
            if (json) {
                out.println(Json.of(response));
                return 0;
            }
            if (response.getRulesCount() == 0 && response.getFaultsCount() == 0) {
                out.println("no impairments");
            }
            for (ImpairmentRule r : response.getRulesList()) {
                out.printf("%-4d %-12s %s  seed %d%n", r.getId(), r.getNetwork(), r.getDescription(), r.getSpec().getSeed());
                if (r.getCountsCount() > 0) {
                    List<String> counts = new ArrayList<>();
                    r.getCountsList().forEach(c -> counts.add(c.getOutcome().name().substring("IMPAIRED_".length()).toLowerCase(Locale.ROOT)
                            + "=" + c.getCount()));
                    out.println("     " + String.join(" ", counts));
                }
            }
            for (var f : response.getFaultsList()) {
                if (f.getPartitionCount() > 0) {
                    List<String> groups = new ArrayList<>();
                    f.getPartitionList().forEach(g -> groups.add(String.join(",", g.getMacsList())));
                    out.printf("     %-12s partition %s%n", f.getNetwork(), String.join(" / ", groups));
                }
                f.getCutsList().forEach(c -> out.printf("     %-12s cut %s -> %s%n", f.getNetwork(), c.getFrom(), c.getTo()));
            }
            return 0;
        }
    }

    /** {@code vnetif impair clear}. */
    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Removes every rule of a network, or of all (partitions and cuts stay: see heal).")
    static final class Clear extends SwitchCommand {
        @Mixin
        NetworkFilter network;

        @Override
        public Integer call() {
            int removed = connection.call(stub -> stub.clearImpairments(io.vnetif.proto.v1.ClearImpairmentsRequest.newBuilder()
                    .setNetwork(network.orAll()).build())).getRemoved();
            out().println("removed " + removed + " rule" + (removed == 1 ? "" : "s"));
            return 0;
        }
    }

    /** {@code vnetif impair remove ID...}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes rules by id.")
    static final class Remove extends SwitchCommand {
        @Parameters(paramLabel = "ID", arity = "1..*")
        List<Long> ids;

        @Override
        public Integer call() {
            for (long id : ids) {
                connection.call(stub -> stub.removeImpairment(io.vnetif.proto.v1.RemoveImpairmentRequest.newBuilder().setId(id).build()));
                out().println("removed rule " + id);
            }
            return 0;
        }
    }
}
