package io.vnetif.netstack.iface;

import io.vnetif.netstack.ip.Transport;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.wire.Bytes;
import io.vnetif.netstack.wire.Checksum;
import io.vnetif.netstack.wire.IcmpHeader;
import io.vnetif.netstack.wire.Ipv4Header;

/**
 * ICMPv4 (RFC 792): echo replies for requests to this stack, the echo requests of {@link #ping}, errors
 * about this stack's packets handed to the transport that sent them (fragmentation needed lowers the path
 * MTU first, RFC 1191), and the destination-unreachable messages the stack sends, rate-limited. Confined
 * to the stack's thread.
 */
final class Icmp {
    private final Ipv4Interface ip;
    private final Counters counters;
    private final PerSecondLimit errors;
    private final int identifier;
    private final Pings pings = new Pings();

    Icmp(Ipv4Interface ip, Counters counters, int errorsPerSecond, int identifier) {
        this.ip = ip;
        this.counters = counters;
        this.errors = new PerSecondLimit(errorsPerSecond);
        this.identifier = identifier & 0xFFFF;
    }

    void receive(byte[] f, int ipAt, int at, int length, int source, int destination, boolean toBroadcast, long nowNanos) {
        if (length < IcmpHeader.LENGTH || !Checksum.valid(Checksum.sum(f, at, length))) {
            counters.increment(Counter.DROP_ICMP_MALFORMED);
            return;
        }
        counters.increment(Counter.ICMP_IN);
        switch (IcmpHeader.type(f, at)) {
            case IcmpHeader.ECHO_REQUEST -> {
                if (!toBroadcast) { // answering broadcast pings multiplies traffic (smurf): ignored, as Linux does
                    echoReply(f, at, length, source);
                }
            }
            case IcmpHeader.ECHO_REPLY -> {
                if (IcmpHeader.identifier(f, at) == identifier) {
                    pings.answered(IcmpHeader.sequence(f, at), nowNanos);
                }
            }
            case IcmpHeader.DESTINATION_UNREACHABLE, IcmpHeader.TIME_EXCEEDED -> error(f, at, length, nowNanos);
            default -> {
                // other types (timestamps, redirects, ...) are not acted on
            }
        }
    }

    private void echoReply(byte[] f, int at, int length, int source) {
        byte[] out = ip.buffer();
        int o = ip.payloadOffset();
        if (length > out.length - o) {
            return;
        }
        System.arraycopy(f, at, out, o, length);
        IcmpHeader.write(out, o, IcmpHeader.ECHO_REPLY, 0, Bytes.i32(f, at + 4), length);
        counters.increment(Counter.ICMP_OUT);
        counters.increment(Counter.ICMP_ECHO_REPLIES_OUT);
        ip.send(source, Ipv4Header.PROTOCOL_ICMP, length, false);
    }

    /** An error about a packet we sent: the quoted header says which; the sending transport hears of it. */
    private void error(byte[] f, int at, int length, long nowNanos) {
        int quoted = at + IcmpHeader.LENGTH;
        if (length < IcmpHeader.LENGTH + Ipv4Header.MIN_LENGTH + 8) {
            counters.increment(Counter.DROP_ICMP_MALFORMED);
            return;
        }
        int quotedHeader = Ipv4Header.headerLength(f, quoted);
        if (quotedHeader < Ipv4Header.MIN_LENGTH || length < IcmpHeader.LENGTH + quotedHeader + 8
                || Ipv4Header.source(f, quoted) != ip.localAddress()) {
            counters.increment(Counter.DROP_ICMP_MALFORMED);
            return;
        }
        int type = IcmpHeader.type(f, at);
        int code = IcmpHeader.code(f, at);
        int mtu = IcmpHeader.nextHopMtu(f, at);
        if (type == IcmpHeader.DESTINATION_UNREACHABLE && code == IcmpHeader.CODE_FRAGMENTATION_NEEDED
                && ip.lowerPathMtu(Ipv4Header.destination(f, quoted), mtu, nowNanos)) {
            counters.increment(Counter.ICMP_PMTU_UPDATES);
        }
        Transport t = ip.transport(Ipv4Header.protocol(f, quoted));
        if (t != null) {
            t.icmpError(type, code, mtu, f, quoted, nowNanos);
        }
    }

    /** Sends a destination unreachable about the packet at {@code ipAt}, unless the rate limit says no. */
    void unreachable(byte[] f, int ipAt, int code, long nowNanos) {
        int destination = Ipv4Header.destination(f, ipAt);
        if (destination == Ipv4Header.BROADCAST || ip.isSubnetBroadcast(destination)) {
            return; // never an error about a broadcast (RFC 1122 §3.2.2)
        }
        if (!errors.take(nowNanos)) {
            counters.increment(Counter.DROP_ICMP_RATE_LIMITED);
            return;
        }
        int quoted = Math.min(Ipv4Header.totalLength(f, ipAt), 576 - Ipv4Header.MIN_LENGTH - IcmpHeader.LENGTH);
        byte[] out = ip.buffer();
        int o = ip.payloadOffset();
        System.arraycopy(f, ipAt, out, o + IcmpHeader.LENGTH, quoted);
        IcmpHeader.write(out, o, IcmpHeader.DESTINATION_UNREACHABLE, code, 0, IcmpHeader.LENGTH + quoted);
        counters.increment(Counter.ICMP_OUT);
        counters.increment(Counter.ICMP_UNREACHABLE_OUT);
        ip.send(Ipv4Header.source(f, ipAt), Ipv4Header.PROTOCOL_ICMP, IcmpHeader.LENGTH + quoted, false);
    }

    /**
     * Sends an echo request of {@code payload} bytes to {@code destination}; {@code reply} hears of the
     * answer (an unanswered ping is the caller's to time out, with {@link #forget}).
     *
     * @return the request's sequence number
     */
    int ping(int destination, int payload, PingReply reply, long nowNanos) {
        byte[] out = ip.buffer();
        int o = ip.payloadOffset();
        int length = IcmpHeader.LENGTH + payload;
        for (int i = 0; i < payload; i++) {
            out[o + IcmpHeader.LENGTH + i] = (byte) i;
        }
        int sequence = pings.sent(reply, nowNanos);
        IcmpHeader.write(out, o, IcmpHeader.ECHO_REQUEST, 0, identifier << 16 | sequence, length);
        counters.increment(Counter.ICMP_OUT);
        ip.send(destination, Ipv4Header.PROTOCOL_ICMP, length, false);
        return sequence;
    }

    /** Stops waiting for the answer to ping {@code sequence}. */
    void forget(int sequence) {
        pings.forget(sequence);
    }
}
