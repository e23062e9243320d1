package io.vnetif.core;

import io.vnetif.api.Refusal;

/**
 * A refused control operation (attach, detach, lookup, rule), with the {@link Refusal} that says what kind
 * and a message that says exactly what was wrong.
 */
public final class ControlException extends RuntimeException {
    private final Refusal refusal;

    public ControlException(Refusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
