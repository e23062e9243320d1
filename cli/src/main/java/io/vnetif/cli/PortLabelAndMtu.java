package io.vnetif.cli;

import picocli.CommandLine.Option;

/** {@code --label} and {@code --mtu} for commands that attach a port on the switch's side. */
final class PortLabelAndMtu {
    @Option(names = "--label", defaultValue = "", description = "Label for listings and impairment scopes.")
    String label;

    @Option(names = "--mtu", defaultValue = "0", description = "MTU of the port (default 1500).")
    int mtu;
}
