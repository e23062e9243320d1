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

    @Override
    public Integer call() {
        var ports = connection.call(stub -> stub.listPorts(ListPortsRequest.newBuilder().setNetwork(network.orAll()).build()));
        PrintWriter out = out();
        out.printf("%-11s %-12s %-17s %-5s %-16s %-21s%n", "ID", "NETWORK", "MAC", "MTU", "LABEL", "ENDPOINT");
        for (PortInfo p : ports.getPortsList()) {
            out.printf("%-11s %-12s %-17s %-5d %-16s %-21s%n", "#" + Integer.toUnsignedString(p.getPortId()), p.getNetwork(), p.getMac(),
                    p.getMtu(), p.getLabel(), p.getDataEndpoint());
        }
        return 0;
    }
}
