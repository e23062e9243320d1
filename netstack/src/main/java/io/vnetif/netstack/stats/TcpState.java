package io.vnetif.netstack.stats;

/** The states of a TCP connection (RFC 9293 §3.3.2); LISTEN belongs to listeners, CLOSED to nothing. */
public enum TcpState {
    SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT, CLOSED;

    /** Whether the three-way handshake has completed (a synchronized state). */
    public boolean synchronizedState() {
        return this != SYN_SENT && this != SYN_RECEIVED && this != CLOSED;
    }

    /** Whether data from the peer can still arrive. */
    public boolean canReceive() {
        return this == ESTABLISHED || this == FIN_WAIT_1 || this == FIN_WAIT_2;
    }

    /** Whether our side may still send data. */
    public boolean canSend() {
        return this == ESTABLISHED || this == CLOSE_WAIT;
    }
}
