package io.vnetif.cli;

import picocli.CommandLine.Option;

/** {@code --network NAME} for commands that show or clear every network unless told one. */
final class NetworkFilter {
    @Option(names = {"-n", "--network"}, description = "Only this network (default: all).")
    String name;

    /** The name, or "" for all networks (as the API takes it). */
    String orAll() {
        return name == null ? "" : name;
    }
}
