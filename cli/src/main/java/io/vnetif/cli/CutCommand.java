package io.vnetif.cli;

import io.vnetif.proto.v1.CutRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vnetif cut --network lab FROM TO [--restore]}. */
@Command(name = "cut", mixinStandardHelpOptions = true, description = "Cuts the link from one port to another, one way (the other direction still works).")
final class CutCommand extends SwitchCommand {
    @Mixin
    NetworkName network;

    @Option(names = "--restore", description = "Restore the link instead.")
    boolean restore;

    @Parameters(index = "0", paramLabel = "FROM")
    String from;

    @Parameters(index = "1", paramLabel = "TO")
    String to;

    @Mixin
    BeforeAttach beforeAttach;

    @Override
    public Integer call() {
        connection.call(stub -> stub.cut(CutRequest.newBuilder().setNetwork(network.name)
                .setFrom(PortRefs.parse("FROM", from)).setTo(PortRefs.parse("TO", to)).setRestore(restore).setBeforeAttach(beforeAttach.set).build()));
        out().println("network " + network.name + ": " + from + " -> " + to + (restore ? " restored" : " cut"));
        return 0;
    }
}
