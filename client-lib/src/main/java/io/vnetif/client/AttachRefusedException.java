package io.vnetif.client;

/** The switch refused to attach the interface; {@link #reason()} says why in one word, the message in full. */
public final class AttachRefusedException extends VnetifException {
    /** Why an attach was refused. */
    public enum Reason {
        /** A bad network name, MAC, MTU or label. */
        INVALID_ARGUMENT,
        /** The requested MAC is in use on that network. */
        ALREADY_EXISTS,
        /** A limit of the switch (networks, ports per network) is reached. */
        RESOURCE_EXHAUSTED,
        /** The switch requires an access token and the call carried none or a wrong one. */
        UNAUTHENTICATED,
        /** Anything else the switch answered; the message has the details. */
        OTHER
    }

    private final Reason reason;

    public AttachRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
