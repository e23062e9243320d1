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

    UDP_IN(Protocol.UDP, false, "datagrams received"),
    UDP_OUT(Protocol.UDP, false, "datagrams sent"),
    DROP_UDP_MALFORMED(Protocol.UDP, true, "datagrams with a bad length"),
    DROP_UDP_BAD_CHECKSUM(Protocol.UDP, true, "datagrams with a bad checksum"),
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
    public enum Protocol { LINK, ARP, IPV4, ICMP, UDP, TCP }

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
