package io.vnetif.netstack.stats;

/**
 * Everything the stack counts, named once (as {@code netstat -s} groups it): events per protocol, and drops,
 * each with the reason a frame, packet or segment was not taken. Every malformed or hostile input the stack
 * refuses lands under exactly one drop.
 */
public enum Counter {
    FRAMES_IN(Protocol.LINK, false, "frames received"),
    FRAMES_OUT(Protocol.LINK, false, "frames sent"),
    DROP_INPUT_QUEUE_FULL(Protocol.LINK, true, "frames dropped: the stack's input queue was full"),
    DROP_ETHERNET_MALFORMED(Protocol.LINK, true, "frames shorter than an Ethernet header"),
    DROP_ETHERNET_NOT_FOR_US(Protocol.LINK, true, "frames to another station's MAC"),
    DROP_ETHERNET_UNKNOWN_TYPE(Protocol.LINK, true, "frames of an EtherType the stack does not speak"),

    ARP_REQUESTS_IN(Protocol.ARP, false, "requests received"),
    ARP_REPLIES_OUT(Protocol.ARP, false, "replies sent"),
    ARP_REQUESTS_OUT(Protocol.ARP, false, "requests sent (gratuitous ones included)"),
    ARP_REPLIES_IN(Protocol.ARP, false, "replies received"),
    DROP_ARP_MALFORMED(Protocol.ARP, true, "ARP packets that are not IPv4 over Ethernet"),
    DROP_ARP_QUEUE_FULL(Protocol.ARP, true, "packets dropped while waiting for an address: the queue was full"),
    DROP_ARP_UNRESOLVED(Protocol.ARP, true, "packets dropped: their next hop never answered ARP"),

    IP_IN(Protocol.IPV4, false, "packets received"),
    IP_DELIVERED(Protocol.IPV4, false, "packets delivered to ICMP, UDP or TCP"),
    IP_OUT(Protocol.IPV4, false, "packets sent"),
    IP_FRAGMENTS_IN(Protocol.IPV4, false, "fragments received"),
    IP_REASSEMBLED(Protocol.IPV4, false, "packets reassembled from fragments"),
    IP_FRAGMENTS_OUT(Protocol.IPV4, false, "fragments sent"),
    DROP_IP_MALFORMED(Protocol.IPV4, true, "packets with a bad version, header length or total length"),
    DROP_IP_BAD_CHECKSUM(Protocol.IPV4, true, "packets with a bad header checksum"),
    DROP_IP_NOT_FOR_US(Protocol.IPV4, true, "packets to another address"),
    DROP_IP_UNKNOWN_PROTOCOL(Protocol.IPV4, true, "packets of a protocol the stack does not speak"),
    DROP_IP_NO_ROUTE(Protocol.IPV4, true, "packets not sent: no route to the destination"),
    DROP_IP_TOO_LARGE(Protocol.IPV4, true, "packets not sent: larger than the path MTU with DF set"),
    DROP_FRAGMENT_OVERLAP(Protocol.IPV4, true, "datagrams dropped: their fragments overlapped"),
    DROP_FRAGMENT_TIMEOUT(Protocol.IPV4, true, "datagrams dropped: not all fragments arrived in time"),
    DROP_FRAGMENT_MEMORY(Protocol.IPV4, true, "fragments dropped: reassembly memory or datagrams in progress at their limit"),
    DROP_FRAGMENT_TOO_LARGE(Protocol.IPV4, true, "fragments dropped: beyond 65535 bytes"),

    ICMP_IN(Protocol.ICMP, false, "messages received"),
    ICMP_OUT(Protocol.ICMP, false, "messages sent"),
    ICMP_ECHO_REPLIES_OUT(Protocol.ICMP, false, "echo replies sent"),
    ICMP_UNREACHABLE_OUT(Protocol.ICMP, false, "destination unreachable sent"),
    ICMP_PMTU_UPDATES(Protocol.ICMP, false, "path MTUs lowered by fragmentation-needed messages"),
    DROP_ICMP_MALFORMED(Protocol.ICMP, true, "messages too short or with a bad checksum"),
    DROP_ICMP_RATE_LIMITED(Protocol.ICMP, true, "error messages not sent: rate limit"),

    IP6_IN(Protocol.IPV6, false, "packets received"),
    IP6_DELIVERED(Protocol.IPV6, false, "packets delivered to ICMPv6, UDP or TCP"),
    IP6_OUT(Protocol.IPV6, false, "packets sent"),
    DROP_IP6_MALFORMED(Protocol.IPV6, true, "packets with a bad version, length or extension header"),
    DROP_IP6_NOT_FOR_US(Protocol.IPV6, true, "packets to another address, a group not joined, or a tentative address"),
    DROP_IP6_UNKNOWN_NEXT_HEADER(Protocol.IPV6, true, "packets of a next header the stack does not speak (fragments included)"),
    DROP_IP6_NO_ROUTE(Protocol.IPV6, true, "packets not sent: no route to the destination"),
    DROP_IP6_NO_SOURCE(Protocol.IPV6, true, "packets not sent: no usable source address yet (duplicate address detection)"),
    DROP_IP6_TOO_LARGE(Protocol.IPV6, true, "packets not sent: larger than the path MTU (IPv6 routers do not fragment)"),

    ICMP6_IN(Protocol.ICMPV6, false, "messages received"),
    ICMP6_OUT(Protocol.ICMPV6, false, "messages sent"),
    ICMP6_ECHO_REPLIES_OUT(Protocol.ICMPV6, false, "echo replies sent"),
    ICMP6_ERRORS_OUT(Protocol.ICMPV6, false, "errors sent (destination unreachable, parameter problem)"),
    ICMP6_ERRORS_IN(Protocol.ICMPV6, false, "errors about this stack's packets received"),
    ICMP6_PMTU_UPDATES(Protocol.ICMPV6, false, "path MTUs lowered by packet-too-big messages"),
    DROP_ICMP6_MALFORMED(Protocol.ICMPV6, true, "messages too short, with a bad checksum, or quoting a packet not ours"),
    DROP_ICMP6_RATE_LIMITED(Protocol.ICMPV6, true, "error messages not sent: rate limit"),

    NDP_SOLICITATIONS_IN(Protocol.NDP, false, "neighbour solicitations received"),
    NDP_SOLICITATIONS_OUT(Protocol.NDP, false, "neighbour solicitations sent (duplicate address detection included)"),
    NDP_ADVERTISEMENTS_IN(Protocol.NDP, false, "neighbour advertisements received"),
    NDP_ADVERTISEMENTS_OUT(Protocol.NDP, false, "neighbour advertisements sent"),
    NDP_ROUTER_MESSAGES_IN(Protocol.NDP, false, "router solicitations and advertisements received (not acted on)"),
    NDP_DUPLICATE_ADDRESSES(Protocol.NDP, false, "addresses found in use by another node (duplicate address detection): not used"),
    NDP_ADDRESS_CONFLICTS(Protocol.NDP, false, "advertisements by another node of an address this stack uses"),
    NDP_NEIGHBORS_UNREACHABLE(Protocol.NDP, false, "neighbours forgotten: unanswered probes (unreachability detection)"),
    DROP_NDP_INVALID(Protocol.NDP, true, "messages failing RFC 4861's checks (hop limit not 255, options, source)"),
    DROP_NDP_QUEUE_FULL(Protocol.NDP, true, "packets dropped while waiting for an address: the queue was full"),
    DROP_NDP_UNRESOLVED(Protocol.NDP, true, "packets dropped: their next hop never answered a solicitation"),

    MLD_REPORTS_OUT(Protocol.MLD, false, "listener reports sent"),
    MLD_QUERIES_IN(Protocol.MLD, false, "listener queries received"),
    DROP_MLD_INVALID(Protocol.MLD, true, "MLD messages failing RFC 3810's checks"),

    UDP_IN(Protocol.UDP, false, "datagrams received"),
    UDP_OUT(Protocol.UDP, false, "datagrams sent"),
    DROP_UDP_MALFORMED(Protocol.UDP, true, "datagrams with a bad length"),
    DROP_UDP_BAD_CHECKSUM(Protocol.UDP, true, "datagrams with a bad checksum"),
    DROP_UDP_ZERO_CHECKSUM(Protocol.UDP, true, "datagrams over IPv6 without a checksum (mandatory there, RFC 8200 section 8.1)"),
    DROP_UDP_NO_SOCKET(Protocol.UDP, true, "datagrams to a port nobody listens on (port unreachable)"),
    DROP_UDP_QUEUE_FULL(Protocol.UDP, true, "datagrams dropped: the socket's receive queue was full"),

    TCP_SEGMENTS_IN(Protocol.TCP, false, "segments received"),
    TCP_SEGMENTS_OUT(Protocol.TCP, false, "segments sent"),
    TCP_RETRANSMITS(Protocol.TCP, false, "segments retransmitted"),
    TCP_FAST_RETRANSMITS(Protocol.TCP, false, "fast retransmits (duplicate ACKs or SACK)"),
    TCP_TIMEOUTS(Protocol.TCP, false, "retransmission timeouts"),
    TCP_ACTIVE_OPENS(Protocol.TCP, false, "connections opened by connect"),
    TCP_PASSIVE_OPENS(Protocol.TCP, false, "connections accepted"),
    TCP_FAILED_CONNECTS(Protocol.TCP, false, "connects refused or timed out"),
    TCP_RESETS_IN(Protocol.TCP, false, "connections reset by the peer"),
    TCP_RESETS_OUT(Protocol.TCP, false, "resets sent"),
    TCP_CHALLENGE_ACKS(Protocol.TCP, false, "challenge ACKs sent (RFC 5961)"),
    TCP_ZERO_WINDOW_PROBES(Protocol.TCP, false, "zero-window probes sent"),
    TCP_KEEPALIVE_PROBES(Protocol.TCP, false, "keepalive probes sent"),
    TCP_ABORTED_TIMEOUT(Protocol.TCP, false, "connections aborted after too many retransmissions"),
    TCP_SYN_COOKIES_SENT(Protocol.TCP, false, "SYN cookies sent: a listener's half-open connections were at their limit"),
    TCP_SYN_COOKIES_RETURNED(Protocol.TCP, false, "connections made from a SYN cookie the peer's ACK returned"),
    TCP_OUT_OF_WINDOW_ACKS_SKIPPED(Protocol.TCP, false, "ACKs not sent for unacceptable segments without data (rate limit)"),
    DROP_TCP_MALFORMED(Protocol.TCP, true, "segments with a bad header length"),
    DROP_TCP_BAD_CHECKSUM(Protocol.TCP, true, "segments with a bad checksum"),
    DROP_TCP_BAD_OPTIONS(Protocol.TCP, true, "segments whose options lie about their lengths"),
    DROP_TCP_NO_CONNECTION(Protocol.TCP, true, "segments for no connection or listener (answered with a reset)"),
    DROP_TCP_OUT_OF_WINDOW(Protocol.TCP, true, "segments outside the receive window"),
    DROP_TCP_PAWS(Protocol.TCP, true, "segments with an old timestamp (PAWS)"),
    DROP_TCP_BAD_ACK(Protocol.TCP, true, "segments acknowledging what was never sent, or too old"),
    DROP_TCP_NO_ACK(Protocol.TCP, true, "segments without ACK in a synchronized state"),
    DROP_TCP_RST_NOT_EXACT(Protocol.TCP, true, "resets in the window but not at RCV.NXT (a challenge ACK answered)"),
    DROP_TCP_SYN_IN_WINDOW(Protocol.TCP, true, "SYNs on a synchronized connection (a challenge ACK answered)"),
    DROP_TCP_ACCEPT_QUEUE_FULL(Protocol.TCP, true, "handshakes dropped: the listener's accept queue was full"),
    DROP_TCP_CONNECTION_LIMIT(Protocol.TCP, true, "SYNs dropped: the stack's connections at their limit"),
    DROP_TCP_OUT_OF_ORDER_FULL(Protocol.TCP, true, "out-of-order segments dropped: too many holes"),
    DROP_TCP_DATA_AFTER_CLOSE(Protocol.TCP, true, "data for a connection its reader closed (answered with a reset)");

    /** The group a counter belongs to, as {@code netstat -s} prints them. */
    public enum Protocol { LINK, ARP, IPV4, ICMP, IPV6, ICMPV6, NDP, MLD, UDP, TCP }

    private final Protocol protocol;
    private final boolean drop;
    private final String description;

    Counter(Protocol protocol, boolean drop, String description) {
        this.protocol = protocol;
        this.drop = drop;
        this.description = description;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** Whether it counts input or output the stack refused. */
    public boolean isDrop() {
        return drop;
    }

    public String description() {
        return description;
    }
}
