package io.vnetif.client;

import io.vnetif.api.Refusal;

/**
 * The exception a refusal becomes, for both backends alike: the in-process switch has the engine's
 * refusal, the remote one the gRPC status that the switch made from the same {@link Refusal} table.
 */
final class Refusals {
    private Refusals() {
    }

    /** An attach refused: always an {@link AttachRefusedException}, so callers catch one type. */
    static AttachRefusedException attach(Refusal reason, String message) {
        return new AttachRefusedException(reason, message);
    }

    /** Any other request refused: a bad request is the caller's mistake, anything else the switch's answer. */
    static RuntimeException control(Refusal reason, String message) {
        return reason.isBadRequest() ? new IllegalArgumentException(message) : new SwitchRefusedException(reason, message);
    }
}
