package io.vnetif.server.tenancy;

import io.grpc.Context;

/**
 * Who makes the control call in progress: its {@link Grant}, and the client its per-client limits count
 * against — the token's name for a token of a tenants' file, else the address the call came from. Set by
 * the token check for the call's duration (a gRPC {@link Context} value).
 *
 * @param grant  what it may do
 * @param client whom its ports, captures and lease streams are counted for
 */
public record Caller(Grant grant, String client) {
    /** Outside a control call (tests driving the service directly): everything, as one client. */
    private static final Caller IN_PROCESS = new Caller(Grant.EVERYTHING, "in-process");
    private static final Context.Key<Caller> KEY = Context.keyWithDefault("vnetif-caller", IN_PROCESS);

    /** The caller of the call this thread serves. */
    public static Caller current() {
        return KEY.get();
    }

    /** A context in which {@link #current} is this caller. */
    public Context context() {
        return Context.current().withValue(KEY, this);
    }
}
