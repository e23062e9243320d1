package io.vnetif.client;

/** The interface was used after {@link Vnetif#close()}. */
public final class InterfaceClosedException extends IllegalStateException {
    public InterfaceClosedException(String message) {
        super(message);
    }
}
