package io.vnetif.wire;

/**
 * Which way a sealed datagram travels. Both directions of a port share its key, so the direction goes
 * into the nonce: the switch's datagram 5 and the client's datagram 5 must not share a nonce.
 */
public enum SealDirection {
    /** Client to switch: nonce prefix 0. */
    TO_SWITCH(0),
    /** Switch to client: nonce prefix 1. */
    FROM_SWITCH(1);

    private final int prefix;

    SealDirection(int prefix) {
        this.prefix = prefix;
    }

    /** The other way. */
    SealDirection reverse() {
        return this == TO_SWITCH ? FROM_SWITCH : TO_SWITCH;
    }

    /** Writes the 12-byte nonce of datagram {@code sequence}: the direction, then the sequence number, big-endian. */
    void nonce(long sequence, byte[] into) {
        for (int i = 0; i < 4; i++) {
            into[i] = (byte) (prefix >>> (24 - 8 * i));
        }
        for (int i = 0; i < 8; i++) {
            into[4 + i] = (byte) (sequence >>> (56 - 8 * i));
        }
    }
}
