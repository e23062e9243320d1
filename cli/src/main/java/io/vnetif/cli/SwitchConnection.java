package io.vnetif.cli;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.vnetif.client.RemoteOptions;
import io.vnetif.client.SwitchUnreachableException;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.proto.security.ControlCredentials;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.text.ControlAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every command shares to reach the switch, {@code --switch} and how the control port is
 * protected, and the connection they name. Each defaults to an environment variable, so a user sets
 * them once.
 */
final class SwitchConnection {
    @Option(names = {"-s", "--switch"}, paramLabel = "HOST[:PORT]",
            defaultValue = "${env:" + VirtualSwitch.SWITCH_VARIABLE + ":-127.0.0.1:" + ControlAddress.DEFAULT_PORT + "}",
            description = "Control address of the switch (or $" + VirtualSwitch.SWITCH_VARIABLE + "; port "
                    + ControlAddress.DEFAULT_PORT + " when left out). Default: ${DEFAULT-VALUE}")
    String target;

    @Option(names = "--tls-ca", paramLabel = "FILE", defaultValue = "${env:" + RemoteOptions.ENV_TLS_CA + "}",
            description = "Connect over TLS, trusting the CAs in this PEM file (or $" + RemoteOptions.ENV_TLS_CA + ").")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "FILE", defaultValue = "${env:" + RemoteOptions.ENV_TLS_CERT + "}",
            description = "Client certificate (PEM) for a switch with --tls-client-ca; needs --tls-key (or $" + RemoteOptions.ENV_TLS_CERT + ").")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "${env:" + RemoteOptions.ENV_TLS_KEY + "}",
            description = "The PKCS#8 PEM private key of --tls-cert (or $" + RemoteOptions.ENV_TLS_KEY + ").")
    Path tlsKey;

    // A file, not the token itself: command lines show in ps and /proc to every user of the host.
    @Option(names = "--token-file", paramLabel = "FILE", defaultValue = "${env:" + RemoteOptions.ENV_TOKEN_FILE + "}",
            description = "Send the access token in this file, for a switch with --token-file (or $" + RemoteOptions.ENV_TOKEN_FILE + ").")
    Path tokenFile;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * What the flags say about TLS and the token, as the client library takes it (for commands that attach).
     *
     * @throws ParameterException naming the flag (and its variable) when a file is missing or invalid
     */
    RemoteOptions remoteOptions() {
        RemoteOptions.Builder options = RemoteOptions.builder();
        applyFlags(options::trustCertificates, options::clientCertificate, options::tokenFile);
        return options.build();
    }

    /** The same, as the gRPC channel of the commands that call the control API take it. */
    private ControlCredentials credentials() {
        ControlCredentials.Builder credentials = ControlCredentials.builder();
        applyFlags(credentials::trustCertificates, credentials::clientCertificate, credentials::tokenFile);
        return credentials.build();
    }

    /** Hands each given file to its setter (the builders of both take the same four settings), naming the flag when one is bad. */
    private void applyFlags(Consumer<Path> trustCa, BiConsumer<Path, Path> presentCertificate, Consumer<Path> sendToken) {
        if (given(tlsCert) != given(tlsKey)) {
            throw new ParameterException(command.commandLine(), "--tls-cert and --tls-key go together: the client certificate and its key");
        }
        if (given(tlsCa)) {
            read("--tls-ca", RemoteOptions.ENV_TLS_CA, () -> trustCa.accept(tlsCa));
        }
        if (given(tlsCert)) {
            read("--tls-cert/--tls-key", RemoteOptions.ENV_TLS_CERT + "/" + RemoteOptions.ENV_TLS_KEY,
                    () -> presentCertificate.accept(tlsCert, tlsKey));
        }
        if (given(tokenFile)) {
            read("--token-file", RemoteOptions.ENV_TOKEN_FILE, () -> sendToken.accept(tokenFile));
        }
    }

    /** Whether the connection uses TLS. */
    boolean tls() {
        return given(tlsCa) || given(tlsCert);
    }

    /** An empty variable ({@code export VNETIF_TLS_CA=}) unsets an option, as it does for {@link RemoteOptions#fromEnvironment()}. */
    private static boolean given(Path file) {
        return file != null && !file.toString().isEmpty();
    }

    private void read(String flags, String variables, Runnable read) {
        try {
            read.run();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "Invalid value for option '" + flags + "' (or $" + variables + "): " + e.getMessage());
        }
    }

    /**
     * The switch's address as given, checked: a bad port is a usage error at once, not a gRPC failure after
     * a timeout.
     *
     * @throws ParameterException naming {@code --switch} (and its variable)
     */
    ControlAddress address() {
        try {
            return ControlAddress.parse(target);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(),
                    "Invalid value for option '--switch' (or $" + VirtualSwitch.SWITCH_VARIABLE + "): " + e.getMessage());
        }
    }

    /**
     * A channel to the switch; the caller shuts it down. The host is looked up first, so a name that does
     * not resolve is one line here instead of a warning with a stack trace from gRPC's resolver.
     *
     * @throws SwitchUnreachableException when the host does not resolve
     */
    ManagedChannel open() {
        ControlAddress address = address();
        try {
            address.resolve();
        } catch (UnknownHostException e) {
            throw new SwitchUnreachableException("switch at " + address + " is unreachable: cannot resolve host '" + address.host() + "'", e);
        }
        String grpcTarget = address.toString();
        return Grpc.newChannelBuilder(grpcTarget, credentials().channelCredentials(grpcTarget)).build();
    }

    /** Runs {@code call} with a stub (10 s deadline) and closes the channel afterwards. */
    <T> T call(java.util.function.Function<SwitchServiceGrpc.SwitchServiceBlockingStub, T> call) {
        ManagedChannel channel = open();
        try {
            return call.apply(SwitchServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS));
        } finally {
            channel.shutdownNow();
        }
    }
}
