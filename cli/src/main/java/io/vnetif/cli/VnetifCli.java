package io.vnetif.cli;

import io.grpc.StatusRuntimeException;
import io.vnetif.proto.security.FailureDetail;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code vnetif}: controls a running switch. Exit codes: 0 done, 1 the switch refused or is unreachable, 2 bad usage. */
@Command(name = "vnetif", mixinStandardHelpOptions = true, version = "vnetif 0.1.0",
        description = "Controls a running vnetif switch: impairments, partitions, listings, VXLAN/raw-UDP ports, TAP bridge.",
        subcommands = {ImpairCommand.class, PartitionCommand.class, CutCommand.class, HealCommand.class, PortsCommand.class, StatsCommand.class,
                AttachCommands.Vxlan.class, AttachCommands.Raw.class, AttachCommands.Detach.class, TapCommand.class, CaptureCommand.class, TopCommand.class,
                CommandLine.HelpCommand.class})
public final class VnetifCli {
    /** Exit code when the switch refused the request or could not be reached. */
    static final int EXIT_REFUSED = 1;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new VnetifCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof StatusRuntimeException) {
                StatusRuntimeException s = (StatusRuntimeException) e;
                Object command = cmd.getCommand();
                String detail = s.getStatus().getCode() == io.grpc.Status.Code.UNIMPLEMENTED
                        ? "the switch does not know this call (is it an older vnetif?): " + s.getStatus().getDescription()
                        : FailureDetail.of(s.getStatus(), command instanceof SwitchCommand && ((SwitchCommand) command).connection.tls());
                cmd.getErr().println("vnetif " + cmd.getCommandName() + ": " + s.getStatus().getCode() + ": " + detail);
                return EXIT_REFUSED;
            }
            if (e instanceof io.vnetif.client.VnetifException || e instanceof IllegalStateException) {
                cmd.getErr().println("vnetif " + cmd.getCommandName() + ": " + e.getMessage());
                return EXIT_REFUSED;
            }
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("vnetif " + cmd.getCommandName() + ": " + e.getMessage());
                cmd.usage(cmd.getErr());
                return cmd.getCommandSpec().exitCodeOnInvalidInput();
            }
            throw e;
        });
        return cli;
    }
}
