package io.vnetif.cli;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** The {@code --switch} option every command shares, and the connection it names. */
final class SwitchConnection {
    @Option(names = {"-s", "--switch"}, paramLabel = "HOST:PORT", defaultValue = "${env:VNETIF_SWITCH:-127.0.0.1:7400}",
            description = "Control address of the switch (or $VNETIF_SWITCH). Default: ${DEFAULT-VALUE}")
    String target;

    /** A channel to the switch; the caller shuts it down. */
    ManagedChannel open() {
        return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
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
