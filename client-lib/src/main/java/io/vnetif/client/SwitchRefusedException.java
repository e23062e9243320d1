package io.vnetif.client;

import io.vnetif.api.Refusal;

/**
 * The switch refused a request; {@link #reason()} says why in one word, the message in full. A request
 * that is itself wrong ({@link Refusal#isBadRequest()}: a bad argument, or a port or rule that does not
 * exist) is an {@link IllegalArgumentException} instead, except for an attach: that is always an
 * {@link AttachRefusedException}. Both backends refuse alike.
 */
public class SwitchRefusedException extends VnetifException {
    private final Refusal reason;

    public SwitchRefusedException(Refusal reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why, as the switch's refusal table names it. */
    public Refusal reason() {
        return reason;
    }
}
