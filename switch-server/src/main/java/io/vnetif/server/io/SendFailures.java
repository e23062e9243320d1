package io.vnetif.server.io;

/**
 * Where frames whose send failed after they were handed over are booked (the data-plane handler of
 * the socket they were to leave by): counted as dropped, moved out of "delivered" in the ledger.
 */
public interface SendFailures {
    /** {@code frames} frames queued for sending did not go; {@code cause} says why. */
    void sendFailed(int frames, Throwable cause);
}
