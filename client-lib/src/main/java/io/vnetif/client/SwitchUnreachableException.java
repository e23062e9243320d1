package io.vnetif.client;

/** The switch did not answer on its control or data endpoint; the message names the address. */
public final class SwitchUnreachableException extends VnetifException {
    public SwitchUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
