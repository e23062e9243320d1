package io.vnetif.cli;

import io.vnetif.proto.v1.CutRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vnetif cut --network lab FROM TO [--restore]}. */
@Command(name = "cut", mixinStandardHelpOptions = true, description = "Cuts the link from one port to another, one way (the other direction still works).")
final class CutCommand implements Callable<Integer> {
    @Mixin
    SwitchConnection connection;

    @Option(names = {"-n", "--network"}, defaultValue = "default", description = "Network. Default: ${DEFAULT-VALUE}")
    String network;

    @Option(names = "--restore", description = "Restore the link instead.")
    boolean restore;

    @Parameters(index = "0", paramLabel = "FROM")
    String from;

    @Parameters(index = "1", paramLabel = "TO")
    String to;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        connection.call(stub -> stub.cut(CutRequest.newBuilder().setNetwork(network)
                .setFrom(PortRefs.parse(from)).setTo(PortRefs.parse(to)).setRestore(restore).build()));
        spec.commandLine().getOut().println("network " + network + ": " + from + " -> " + to + (restore ? " restored" : " cut"));
        return 0;
    }
}
