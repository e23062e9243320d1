package io.vnetif.cli;

import io.vnetif.proto.v1.HealRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vnetif heal --network lab}. */
@Command(name = "heal", mixinStandardHelpOptions = true, description = "Removes every partition and cut of a network (rules stay: see impair clear).")
final class HealCommand extends SwitchCommand {
    @Mixin
    NetworkName network;

    @Override
    public Integer call() {
        connection.call(stub -> stub.heal(HealRequest.newBuilder().setNetwork(network.name).build()));
        out().println("network " + network.name + " healed");
        return 0;
    }
}
