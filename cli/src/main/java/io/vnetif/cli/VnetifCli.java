package io.vnetif.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vnetif.client.VnetifException;
import io.vnetif.proto.security.FailureDetail;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code vnetif}: controls a running switch. Exit codes: 0 done, 1 the switch refused or is unreachable, 2 bad
 * usage; every failure is one line on stderr, naming the command.
 */
@Command(name = "vnetif", mixinStandardHelpOptions = true, version = "vnetif 0.1.0",
        description = "Controls a running vnetif switch: impairments, partitions, listings, VXLAN/raw-UDP ports, TAP bridge.",
        subcommands = {ImpairCommand.class, PartitionCommand.class, CutCommand.class, HealCommand.class, PortsCommand.class, StatsCommand.class,
                AttachCommands.Vxlan.class, AttachCommands.Raw.class, AttachCommands.Detach.class, TapCommand.class, HostCommand.class, CaptureCommand.class, TopCommand.class,
                CommandLine.HelpCommand.class})
public final class VnetifCli {
    /** Exit code when the switch refused the request or could not be reached. */
    static final int EXIT_REFUSED = 1;

    /**
     * gRPC's own logger, held so its level sticks (loggers are weakly referenced): each failure is reported
     * in one line below, and gRPC's warnings (a name that does not resolve, with a stack trace) would repeat it.
     */
    private static final Logger GRPC_LOG = Logger.getLogger("io.grpc");

    public static void main(String[] args) {
        GRPC_LOG.setLevel(Level.OFF);
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new VnetifCli());
        cli.setParameterExceptionHandler((e, args) -> usageError(e.getCommandLine(), inUsersWords(e)));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof StatusRuntimeException) {
                cmd.getErr().println(prefix(cmd) + failure((StatusRuntimeException) e, cmd.getCommand()));
                return EXIT_REFUSED;
            }
            if (e instanceof VnetifException || e instanceof IllegalStateException || e instanceof IOException) {
                cmd.getErr().println(prefix(cmd) + e.getMessage());
                return EXIT_REFUSED;
            }
            if (e instanceof IllegalArgumentException) {
                return usageError(cmd, e.getMessage());
            }
            throw e;
        });
        return cli;
    }

    /**
     * A usage error: its one line, and where the usage is, instead of the whole usage (which would bury the
     * line that says what is wrong).
     */
    private static int usageError(CommandLine cmd, String message) {
        PrintWriter err = cmd.getErr();
        err.println(prefix(cmd) + message);
        err.println("see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * picocli's message in the words of this command's help: a stray word is an unknown command or an unexpected
     * argument (not "unmatched argument at index 0"), a number is a whole number (not "an int").
     */
    private static String inUsersWords(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-")) {
            String word = unmatched.getUnmatched().get(0);
            Set<String> commands = e.getCommandLine().getSubcommands().keySet();
            return commands.isEmpty() ? "unexpected argument '" + word + "'"
                    : "unknown command '" + word + "' (commands: " + String.join(", ", commands) + ")";
        }
        return e.getMessage().replaceAll("is not an? (int|long)$", "is not a whole number");
    }

    /** {@code vnetif impair remove: }: the command as typed, so a subcommand's error names its parent too. */
    private static String prefix(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName() + ": ";
    }

    private static String failure(StatusRuntimeException e, Object command) {
        Status status = e.getStatus();
        SwitchConnection connection = command instanceof SwitchCommand ? ((SwitchCommand) command).connection : null;
        boolean tls = connection != null && connection.tls();
        if (FailureDetail.unreachable(status) && connection != null) {
            return "switch at " + connection.address() + " is unreachable: " + FailureDetail.of(status, tls);
        }
        if (status.getCode() == Status.Code.UNIMPLEMENTED) {
            return "the switch does not know this call (is it an older vnetif?): " + status.getDescription();
        }
        return status.getCode() + ": " + FailureDetail.of(status, tls);
    }
}
