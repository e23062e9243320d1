package io.vnetif.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to a switch: the {@code --switch} option and where to print. */
abstract class SwitchCommand implements Callable<Integer> {
    @Mixin
    SwitchConnection connection;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
