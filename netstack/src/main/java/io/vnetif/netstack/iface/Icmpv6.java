package io.vnetif.netstack.iface;

import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.ip.Ipv6Transport;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.wire.Bytes;
import io.vnetif.netstack.wire.IcmpHeader;
import io.vnetif.netstack.wire.Icmpv6Header;
import io.vnetif.netstack.wire.Ipv6Address;
import io.vnetif.netstack.wire.Ipv6Header;

/**
 * ICMPv6's own messages (RFC 4443): echo replies for requests to this stack (to its groups too, as Linux
 * answers), the echo requests of {@link #ping}, errors about this stack's packets (packet too big lowers
 * the path MTU first, RFC 8201; then the transport that sent the packet hears of it), and the errors the
 * stack sends, rate-limited and never about an error, a multicast or an unspecified source (§2.4).
 * Neighbour discovery and MLD are the interface's. Confined to the stack's thread.
 */
final class Icmpv6 {
    /** RFC 4443 §2.4(c): an error holds as much of the offending packet as fits in the minimum MTU. */
    private static final int MAX_QUOTE = Ipv6Header.MIN_MTU - Ipv6Header.LENGTH - Icmpv6Header.LENGTH;

    private final Ipv6Interface ip;
    private final Counters counters;
    private final PerSecondLimit errors;
    private final int identifier;
    private final Pings pings = new Pings();

    Icmpv6(Ipv6Interface ip, Counters counters, int errorsPerSecond, int identifier) {
        this.ip = ip;
        this.counters = counters;
        this.errors = new PerSecondLimit(errorsPerSecond);
        this.identifier = identifier & 0xFFFF;
    }

    /** Echo and errors (the interface checked the checksum and took neighbour discovery and MLD). */
    void receive(byte[] f, int ipAt, int at, int length, long nowNanos) {
        switch (IcmpHeader.type(f, at)) {
            case Icmpv6Header.ECHO_REQUEST -> echoReply(f, ipAt, at, length);
            case Icmpv6Header.ECHO_REPLY -> {
                if (IcmpHeader.identifier(f, at) == identifier) {
                    pings.answered(IcmpHeader.sequence(f, at), nowNanos);
                }
            }
            case Icmpv6Header.DESTINATION_UNREACHABLE, Icmpv6Header.PACKET_TOO_BIG, Icmpv6Header.TIME_EXCEEDED,
                 Icmpv6Header.PARAMETER_PROBLEM -> error(f, at, length, nowNanos);
            default -> {
                // informational messages the stack does not act on are ignored (RFC 4443 §2.4(b))
            }
        }
    }

    private void echoReply(byte[] f, int ipAt, int at, int length) {
        Ipv6Address requester = Ipv6Address.read(f, ipAt + Ipv6Header.SOURCE_AT);
        if (requester.isUnspecified() || requester.isMulticast()) {
            return;
        }
        Ipv6Address to = Ipv6Address.read(f, ipAt + Ipv6Header.DESTINATION_AT);
        Ipv6Address source = to.isMulticast() ? ip.sourceFor(requester) : to; // RFC 4443 §4.2: a unicast request's own address
        byte[] out = ip.buffer();
        int o = ip.payloadOffset();
        if (source == null || length > out.length - o) {
            return;
        }
        System.arraycopy(f, at, out, o, length);
        Icmpv6Header.write(out, o, Icmpv6Header.ECHO_REPLY, 0, Bytes.i32(f, at + 4), length, source, requester);
        counters.increment(Counter.ICMP6_OUT);
        counters.increment(Counter.ICMP6_ECHO_REPLIES_OUT);
        ip.send(source, requester, Ipv6Header.NEXT_ICMPV6, length);
    }

    /** An error about a packet we sent: the quoted header says which; packet too big lowers its path MTU. */
    private void error(byte[] f, int at, int length, long nowNanos) {
        int quoted = at + Icmpv6Header.LENGTH;
        if (length < Icmpv6Header.LENGTH + Ipv6Header.LENGTH || (Bytes.u8(f, quoted) >>> 4) != 6
                || !ip.isOurs(f, quoted + Ipv6Header.SOURCE_AT)) {
            counters.increment(Counter.DROP_ICMP6_MALFORMED);
            return;
        }
        counters.increment(Counter.ICMP6_ERRORS_IN);
        int type = IcmpHeader.type(f, at);
        Ipv6Address destination = Ipv6Address.read(f, quoted + Ipv6Header.DESTINATION_AT);
        if (type == Icmpv6Header.PACKET_TOO_BIG && ip.lowerPathMtu(destination, Icmpv6Header.mtu(f, at), nowNanos)) {
            counters.increment(Counter.ICMP6_PMTU_UPDATES);
        }
        Ipv6Transport t = ip.transport(Ipv6Header.nextHeader(f, quoted));
        if (t != null) {
            t.icmpError6(type, IcmpHeader.code(f, at), Icmpv6Header.mtu(f, at), f, quoted, length - Icmpv6Header.LENGTH, nowNanos);
        }
    }

    /**
     * Sends an error of {@code type} and {@code code} ({@code pointer}: parameter problem's, else 0) about
     * the packet whose IPv6 header is at {@code ipAt}, unless §2.4(e) forbids it or the rate limit says no.
     */
    void sendError(byte[] f, int ipAt, int type, int code, int pointer, long nowNanos) {
        Ipv6Address offender = Ipv6Address.read(f, ipAt + Ipv6Header.SOURCE_AT);
        Ipv6Address to = Ipv6Address.read(f, ipAt + Ipv6Header.DESTINATION_AT);
        int total = Ipv6Header.LENGTH + Ipv6Header.payloadLength(f, ipAt);
        boolean aboutAnError = Ipv6Header.nextHeader(f, ipAt) == Ipv6Header.NEXT_ICMPV6 && total > Ipv6Header.LENGTH
                && Icmpv6Header.isError(IcmpHeader.type(f, ipAt + Ipv6Header.LENGTH));
        if (aboutAnError || offender.isUnspecified() || offender.isMulticast() || to.isMulticast()) {
            return;
        }
        if (!errors.take(nowNanos)) {
            counters.increment(Counter.DROP_ICMP6_RATE_LIMITED);
            return;
        }
        Ipv6Address source = ip.isOurs(f, ipAt + Ipv6Header.DESTINATION_AT) ? to : ip.sourceFor(offender);
        if (source == null) {
            return;
        }
        int quote = Math.min(total, MAX_QUOTE);
        byte[] out = ip.buffer();
        int o = ip.payloadOffset();
        System.arraycopy(f, ipAt, out, o + Icmpv6Header.LENGTH, quote);
        Icmpv6Header.write(out, o, type, code, pointer, Icmpv6Header.LENGTH + quote, source, offender);
        counters.increment(Counter.ICMP6_OUT);
        counters.increment(Counter.ICMP6_ERRORS_OUT);
        ip.send(source, offender, Ipv6Header.NEXT_ICMPV6, Icmpv6Header.LENGTH + quote);
    }

    /**
     * Sends an echo request of {@code payload} bytes to {@code destination} from {@code source}; {@code reply}
     * hears of the answer (an unanswered ping is the caller's to time out, with {@link #forget}).
     *
     * @return the request's sequence number
     */
    int ping(Ipv6Address source, Ipv6Address destination, int payload, PingReply reply, long nowNanos) {
        byte[] out = ip.buffer();
        int o = ip.payloadOffset();
        int length = Icmpv6Header.LENGTH + payload;
        for (int i = 0; i < payload; i++) {
            out[o + Icmpv6Header.LENGTH + i] = (byte) i;
        }
        int sequence = pings.sent(reply, nowNanos);
        Icmpv6Header.write(out, o, Icmpv6Header.ECHO_REQUEST, 0, identifier << 16 | sequence, length, source, destination);
        counters.increment(Counter.ICMP6_OUT);
        ip.send(source, destination, Ipv6Header.NEXT_ICMPV6, length);
        return sequence;
    }

    void forget(int sequence) {
        pings.forget(sequence);
    }
}
