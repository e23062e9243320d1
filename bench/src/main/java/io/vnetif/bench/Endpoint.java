package io.vnetif.bench;

import java.util.function.LongConsumer;

/**
 * One end of a two-ended path under test (through the switch, or plain UDP): sends frames of one fixed
 * size to the other end and reports what arrives. A frame carries a tag (a sequence number) so that a
 * reply can be matched to its request; negative tags are the path's own (set-up), not measured traffic.
 */
interface Endpoint {
    /** Sends one frame carrying {@code tag}. Not thread-safe: one sending thread at a time. */
    void send(long tag);

    /** Calls {@code tags} with the tag of every frame received from now on, on a receive thread. */
    void onReceive(LongConsumer tags);

    /** Frames that could not be handed to the socket since this end was opened. */
    long sendFailures();
}
