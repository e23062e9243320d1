package io.vnetif.server;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import java.util.concurrent.TimeUnit;

/** A switch started for one test, with a control channel to it; closing stops both. */
public record RunningSwitch(SwitchServer server, ManagedChannel channel, SwitchServiceGrpc.SwitchServiceBlockingStub stub)
        implements AutoCloseable {

    public static RunningSwitch start(SwitchConfig config) throws Exception {
        SwitchServer server = SwitchServer.start(config);
        ManagedChannel channel = Grpc.newChannelBuilder(server.controlTarget(), InsecureChannelCredentials.create()).build();
        // A deadline on every call, so a hung server fails the test instead of stalling the build.
        return new RunningSwitch(server, channel,
                SwitchServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS));
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.close();
    }
}
