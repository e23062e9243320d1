package io.vnetif.netstack.iface;

import io.netty.util.collection.IntObjectHashMap;

/**
 * The echo requests of one ICMP (or ICMPv6) waiting for their answers, by sequence number: an answer
 * finds its request once (a duplicate finds none), and an unanswered one stays until its caller gives up
 * and forgets it. The sequence wraps at 16 bits. Confined to the stack's thread.
 */
final class Pings {
    private record Outstanding(long sentNanos, PingReply reply) {
    }

    private final IntObjectHashMap<Outstanding> outstanding = new IntObjectHashMap<>();
    private int nextSequence;

    /** Records a request sent now; returns its sequence number. */
    int sent(PingReply reply, long nowNanos) {
        int sequence = nextSequence++ & 0xFFFF;
        outstanding.put(sequence, new Outstanding(nowNanos, reply));
        return sequence;
    }

    /** An echo reply of {@code sequence} came: its request's caller hears of the round trip. */
    void answered(int sequence, long nowNanos) {
        Outstanding o = outstanding.remove(sequence);
        if (o != null) {
            o.reply.replied(sequence, nowNanos - o.sentNanos);
        }
    }

    void forget(int sequence) {
        outstanding.remove(sequence);
    }
}
