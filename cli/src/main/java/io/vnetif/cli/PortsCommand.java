package io.vnetif.cli;

import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.PortInfo;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vnetif ports}: the attached ports, to find labels and MACs for the other commands. */
@Command(name = "ports", mixinStandardHelpOptions = true, description = "Lists attached ports.")
final class PortsCommand extends SwitchCommand {
    @Mixin
    NetworkFilter network;

    @Option(names = "--json", description = "Print the ListPorts answer as JSON, for scripts (see docs/cli.md#json).")
    boolean json;

    @Override
    public Integer call() {
        var ports = connection.call(stub -> stub.listPorts(ListPortsRequest.newBuilder().setNetwork(network.orAll()).build()));
        PrintWriter out = out();
        if (json) {
            out.println(Json.of(ports));
            return 0;
        }
        out.printf("%-11s %-12s %-17s %-5s %-8s %-16s %s%n", "ID", "NETWORK", "MAC", "MTU", "KIND", "LABEL", "ENDPOINT");
        for (PortInfo p : ports.getPortsList()) {
            out.printf("%-11s %-12s %-17s %-5d %-8s %-16s %s%n", "#" + Integer.toUnsignedString(p.getPortId()), p.getNetwork(), p.getMac(),
                    p.getMtu(), p.getKind().toLowerCase(java.util.Locale.ROOT), p.getLabel(), p.getDataEndpoint());
        }
        return 0;
    }
}
