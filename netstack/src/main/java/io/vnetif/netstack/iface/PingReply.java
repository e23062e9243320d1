package io.vnetif.netstack.iface;

/** How a ping learns its answer, on the stack's thread. */
@FunctionalInterface
public interface PingReply {
    void replied(int sequence, long rttNanos);
}
