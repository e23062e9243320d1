package io.vnetif.cli;

import io.vnetif.proto.v1.PartitionRequest;
import io.vnetif.proto.v1.PortGroup;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code vnetif partition --network lab a,b / c}. */
@Command(name = "partition", mixinStandardHelpOptions = true, description = {"Splits a network into groups that cannot reach each other (replacing an earlier split).",
        "Groups are separated by /, ports by commas; ports in no group reach everyone. Undo with: vnetif heal",
        "Example: vnetif partition --network lab web,db / cache"})
final class PartitionCommand extends SwitchCommand {
    @Mixin
    NetworkName network;

    @Parameters(paramLabel = "GROUPS", arity = "1..*", description = "e.g. a,b / c")
    List<String> words;

    @Mixin
    BeforeAttach beforeAttach;

    @Override
    public Integer call() {
        List<List<String>> groups = groups(String.join(" ", words));
        PartitionRequest.Builder req = PartitionRequest.newBuilder().setNetwork(network.name).setBeforeAttach(beforeAttach.set);
        for (List<String> group : groups) {
            req.addGroups(PortGroup.newBuilder().addAllPorts(group.stream().map(p -> PortRefs.parse("GROUPS", p)).toList()));
        }
        connection.call(stub -> stub.partition(req.build()));
        out().println("network " + network.name + " partitioned: " + String.join(" / ", groups.stream().map(g -> String.join(",", g)).toList()));
        return 0;
    }

    static List<List<String>> groups(String text) {
        List<List<String>> groups = new ArrayList<>();
        for (String group : text.split("/", -1)) {
            List<String> ports = new ArrayList<>();
            for (String port : group.split("[,\\s]+")) {
                if (!port.isEmpty()) {
                    ports.add(port);
                }
            }
            if (ports.isEmpty()) {
                throw new IllegalArgumentException("empty group in '" + text + "' (want e.g. a,b / c)");
            }
            groups.add(ports);
        }
        if (groups.size() < 2) {
            throw new IllegalArgumentException("'" + text + "' is one group; separate groups with / (e.g. a,b / c)");
        }
        return groups;
    }
}
