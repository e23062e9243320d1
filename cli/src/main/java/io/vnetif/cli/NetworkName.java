package io.vnetif.cli;

import picocli.CommandLine.Option;

/** {@code --network NAME} for commands that act on one network. */
final class NetworkName {
    @Option(names = {"-n", "--network"}, defaultValue = "default", description = "Network. Default: ${DEFAULT-VALUE}")
    String name;
}
