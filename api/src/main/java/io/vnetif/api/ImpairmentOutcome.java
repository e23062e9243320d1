package io.vnetif.api;


/** What an impairment did to a frame; counted per rule and per port. */
public enum ImpairmentOutcome {
    /** Dropped by random or Gilbert-Elliott loss. */
    LOST(DropReason.LOSS),
    /** Dropped during a blackout. */
    BLACKED_OUT(DropReason.BLACKOUT),
    /** Dropped for exceeding the rule's MTU. */
    OVER_MTU(DropReason.IMPAIRMENT_MTU),
    /** Dropped because the rate limit's queue was full. */
    QUEUE_FULL(DropReason.QUEUE_FULL),
    /** Dropped by a partition or a one-way cut. */
    PARTITIONED(DropReason.PARTITIONED),
    /** Sent twice. */
    DUPLICATED(null),
    /** One bit flipped. */
    CORRUPTED(null),
    /** Random bytes appended. */
    TRAILER_ADDED(null),
    /** Held back by a delay. */
    DELAYED(null),
    /** Sent at once, overtaking delayed frames. */
    REORDERED(null);

    private final DropReason drop;

    ImpairmentOutcome(DropReason drop) {
        this.drop = drop;
    }

    /** The drop reason when this outcome drops the frame, else {@code null}. */
    public DropReason dropReason() {
        return drop;
    }
}
