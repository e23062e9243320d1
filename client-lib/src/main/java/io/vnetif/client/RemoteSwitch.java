package io.vnetif.client;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import java.util.concurrent.TimeUnit;

/** A gRPC connection to a switch server; each attached interface has its own UDP socket. */
final class RemoteSwitch implements VirtualSwitch {
    private final String target;
    private final ManagedChannel channel;
    private final NicRegistry nics = new NicRegistry();

    RemoteSwitch(String target) {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("switch address is empty, want host:port (e.g. 127.0.0.1:7400)");
        }
        this.target = target;
        this.channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    }

    String target() {
        return target;
    }

    SwitchServiceGrpc.SwitchServiceBlockingStub blocking() {
        return SwitchServiceGrpc.newBlockingStub(channel);
    }

    SwitchServiceGrpc.SwitchServiceStub async() {
        return SwitchServiceGrpc.newStub(channel);
    }

    @Override
    public Vnetif attach(NicOptions options) {
        if (nics.isClosed()) {
            throw new IllegalStateException("the connection to " + target + " is closed");
        }
        RemoteNic nic = RemoteNic.open(this, options);
        nics.add(nic, "the connection to " + target);
        return nic;
    }

    /** Lets the next call try to connect at once instead of after gRPC's reconnect backoff. */
    void resetConnectBackoff() {
        channel.resetConnectBackoff();
    }

    void forget(RemoteNic nic) {
        nics.remove(nic);
    }

    /** Turns a failed call into the exception a user can act on. */
    RuntimeException failure(String what, StatusRuntimeException e) {
        Status status = e.getStatus();
        String detail = status.getDescription() != null ? status.getDescription() : status.getCode().toString();
        Throwable root = status.getCause();
        while (root != null && root.getCause() != null) {
            root = root.getCause();
        }
        if (root != null && root.getMessage() != null) {
            detail += " (" + root.getMessage() + ")"; // e.g. "Connection refused", more telling than "io exception"
        }
        switch (status.getCode()) {
            case UNAVAILABLE:
            case DEADLINE_EXCEEDED:
                return new SwitchUnreachableException("switch at " + target + " is unreachable (" + what + "): " + detail, e);
            case INVALID_ARGUMENT:
                return new AttachRefusedException(AttachRefusedException.Reason.INVALID_ARGUMENT, what + " refused by " + target + ": " + detail);
            case ALREADY_EXISTS:
                return new AttachRefusedException(AttachRefusedException.Reason.ALREADY_EXISTS, what + " refused by " + target + ": " + detail);
            case RESOURCE_EXHAUSTED:
                return new AttachRefusedException(AttachRefusedException.Reason.RESOURCE_EXHAUSTED, what + " refused by " + target + ": " + detail);
            default:
                return new AttachRefusedException(AttachRefusedException.Reason.OTHER,
                        what + " refused by " + target + ": " + status.getCode() + ": " + detail);
        }
    }

    @Override
    public void close() {
        nics.closeAll();
        channel.shutdown();
        try {
            if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
    }
}
