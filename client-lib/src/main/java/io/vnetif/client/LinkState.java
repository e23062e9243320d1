package io.vnetif.client;

/** Whether a {@link Vnetif} can exchange frames. */
public enum LinkState {
    /** Attached; frames flow. */
    UP,
    /** The remote switch is unreachable or lost the port; re-attaching by itself, writes are dropped. */
    RECONNECTING,
    /** {@link Vnetif#close()} was called. */
    CLOSED
}
