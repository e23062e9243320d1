package io.vnetif.api;

/**
 * Why a switch refused a request: the one table of refusals, shared by the engine (which refuses), the
 * switch server (which answers with the gRPC status of {@link #grpcCode()}) and both backends of the
 * client library (which turn it into the same exception either way).
 */
public enum Refusal {
    /** A bad name, address, MAC, MTU, label, rule or other argument; the message says which. */
    INVALID_ARGUMENT(3),
    /** No such network, port, rule or cut. */
    NOT_FOUND(5),
    /** The MAC, VXLAN peer or name is taken. */
    ALREADY_EXISTS(6),
    /** A port's secret is wrong. */
    PERMISSION_DENIED(7),
    /** A limit of the switch is reached (networks, ports per network, attaches per second, sessions). */
    RESOURCE_EXHAUSTED(8),
    /** The switch is not set up for the request (e.g. a VXLAN attach on a switch without --vxlan). */
    FAILED_PRECONDITION(9),
    /** The switch requires an access token and the call carried none or a wrong one. */
    UNAUTHENTICATED(16),
    /** Anything else the switch answered; the message has the details. */
    OTHER(2);

    private final int grpcCode;

    Refusal(int grpcCode) {
        this.grpcCode = grpcCode;
    }

    /** The gRPC status code (the number of {@code io.grpc.Status.Code}) the switch answers with. */
    public int grpcCode() {
        return grpcCode;
    }

    /** Whether the request itself was wrong (a bad argument, or something it names does not exist). */
    public boolean isBadRequest() {
        return this == INVALID_ARGUMENT || this == NOT_FOUND;
    }

    /** The refusal a gRPC status code stands for ({@link #OTHER} for codes that are not refusals of this table). */
    public static Refusal ofGrpcCode(int code) {
        for (Refusal r : values()) {
            if (r.grpcCode == code && r != OTHER) {
                return r;
            }
        }
        return OTHER;
    }
}
