package io.vnetif.cli;

import io.vnetif.proto.v1.HealRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vnetif heal --network lab}. */
@Command(name = "heal", mixinStandardHelpOptions = true, description = "Removes every partition and cut of a network (rules stay: see impair clear).")
final class HealCommand implements Callable<Integer> {
    @Mixin
    SwitchConnection connection;

    @Option(names = {"-n", "--network"}, defaultValue = "default", description = "Network. Default: ${DEFAULT-VALUE}")
    String network;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        connection.call(stub -> stub.heal(HealRequest.newBuilder().setNetwork(network).build()));
        spec.commandLine().getOut().println("network " + network + " healed");
        return 0;
    }
}
