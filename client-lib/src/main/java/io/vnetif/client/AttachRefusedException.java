package io.vnetif.client;

import io.vnetif.api.Refusal;

/** The switch refused to attach the interface; {@link #reason()} says why in one word, the message in full. */
public final class AttachRefusedException extends SwitchRefusedException {
    public AttachRefusedException(Refusal reason, String message) {
        super(reason, message);
    }
}
