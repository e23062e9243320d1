package io.vnetif.api;

/**
 * Why a datagram or frame was not delivered. Every frame that enters the switch is either delivered or
 * counted under exactly one of these; the names match the {@code DropReason} enum of the gRPC API. A
 * switch counts a drop on a port only when the datagram proved it came from whoever holds the port's
 * credentials; a datagram that merely names a port ({@link #BAD_SECRET}, {@link #BAD_TAG}, {@link #REPLAYED},
 * {@link #SEAL_MISMATCH}, a raw-UDP {@link #WRONG_SOURCE_ENDPOINT}) is an unattributed drop, so nobody can
 * inflate another port's drop counters by naming it.
 */
public enum DropReason {
    /** Datagram shorter than the header, or its length does not fit its type. */
    MALFORMED,
    /** Datagram does not start with the vnetif magic. */
    BAD_MAGIC,
    /** Header version this switch does not speak. */
    BAD_VERSION,
    /** Unknown message type. */
    BAD_TYPE,
    /** Datagram larger than any legal frame plus header. */
    DATAGRAM_TOO_LARGE,
    /** No port with the datagram's port id. */
    UNKNOWN_PORT,
    /** Port exists, secret does not match. */
    BAD_SECRET,
    /**
     * Sent from an endpoint other than the one the port is bound to: with the port's credentials (native
     * ports; counted on the port), or to a raw-UDP port's socket by anyone but its remote (unattributed).
     */
    WRONG_SOURCE_ENDPOINT,
    /** Frame longer than the sending port's MTU + 14. */
    FRAME_TOO_LONG,
    /** Source MAC is not the port's own and the port does not allow foreign source MACs. */
    SPOOFED_SOURCE_MAC,
    /** Destination MAC was learned on the sending port itself (a switch never sends a frame back). */
    HAIRPIN,
    /** Frame longer than the receiving port's MTU + 14. */
    EGRESS_FRAME_TOO_LONG,
    /** The receiving port has no known endpoint yet (it has not sent its first datagram). */
    ENDPOINT_UNKNOWN,
    /** The transport refused the frame (socket buffer full, endpoint unreachable, queue full). */
    SEND_FAILED,
    /** Frame shorter than the 14-byte Ethernet header. */
    FRAME_TOO_SHORT,
    /** Impairment: random or Gilbert-Elliott loss. */
    LOSS,
    /** Impairment: dropped during a blackout (drop everything for T after N bytes). */
    BLACKOUT,
    /** Impairment: longer than the rule's MTU. */
    IMPAIRMENT_MTU,
    /** Impairment: the rate limit's queue was full. */
    QUEUE_FULL,
    /** Impairment: the sender and the receiver are in different partitions, or the link is cut. */
    PARTITIONED,
    /** A VXLAN datagram from an address and VNI no port was attached for. */
    UNKNOWN_VXLAN_PEER,
    /** A frame to flood on a network where the sender is the only port: nobody to deliver to. */
    NO_RECEIVER,
    /** The port the frame came from or was for left while an impairment held the frame. */
    PORT_DETACHED,
    /** The sending port exceeded its frame or byte rate cap (see the switch's per-port limits). */
    RATE_LIMITED,
    /** Sealed datagram whose sequence number was seen already or is too far behind the newest (replay window). */
    REPLAYED,
    /** Sealed datagram that does not authenticate under the port's data key: tampered, or a wrong key. */
    BAD_TAG,
    /** Sealed datagram for a port attached without encryption, or a plain one for a port attached with it. */
    SEAL_MISMATCH,
    /**
     * A frame to flood (broadcast, multicast, unknown unicast) beyond the sending port's flood rate (storm
     * control, as hardware switches have it), so a storm or a loop cannot multiply without bound.
     */
    STORM_CONTROL,
    /**
     * A frame of a network that took more than its share of the switch's one data-plane thread while
     * other networks had traffic: dropped until it is back within its share, so one network's work cannot
     * stall another's.
     */
    NETWORK_BUSY
}
