package io.vnetif.netstack.ip;

import io.vnetif.netstack.wire.Ipv6Address;

/**
 * How a transport sends over IPv6, as {@link PacketOutput} is for IPv4: it writes its header and data at
 * {@link #payloadOffset()} of {@link #buffer()} and asks for them to be sent; the interface adds the IPv6
 * and Ethernet headers and resolves the next hop. IPv6 is never fragmented by the stack: a packet above the
 * path MTU is a counted drop, and TCP keeps below it (its MSS from {@link #pathMtu}).
 */
public interface Ipv6Output {
    /** The frame being built; valid until the next send. */
    byte[] buffer();

    /** Where the transport's header starts in {@link #buffer()}. */
    int payloadOffset();

    /** The source for a packet to {@code destination}, or null when no address of its scope may be one yet. */
    Ipv6Address sourceFor(Ipv6Address destination);

    /**
     * Sends the {@code length} bytes at {@link #payloadOffset()} from {@code source} to {@code destination}.
     *
     * @return false when the packet could not go (no route, larger than the path MTU): counted
     */
    boolean send(Ipv6Address source, Ipv6Address destination, int nextHeader, int length);

    /** The largest IPv6 packet that reaches {@code destination} as far as the stack knows. */
    int pathMtu(Ipv6Address destination);

    /**
     * Answers the packet whose IPv6 header is at {@code ipAt} of {@code frame} with an ICMPv6 destination
     * unreachable of {@code code} (e.g. port unreachable), rate-limited as ICMPv6's other errors.
     */
    void unreachable(byte[] frame, int ipAt, int code);
}
