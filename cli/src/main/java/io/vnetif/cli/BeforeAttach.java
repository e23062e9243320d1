package io.vnetif.cli;

import picocli.CommandLine.Option;

/**
 * {@code --before-attach} for the commands that set rules, partitions and cuts: without it the switch
 * refuses a network that does not exist or a MAC on no port, since such a rule could never act (a typo,
 * most likely); with it the rule is set up ahead of the ports that will attach.
 */
final class BeforeAttach {
    @Option(names = "--before-attach", description = "Set it up before anyone attaches: the network need not exist yet, "
            + "nor the ports named by MAC (labels and #ids name attached ports). Without it those are refused as typos.")
    boolean set;
}
