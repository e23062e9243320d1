package io.vnetif.server.port;

import io.vnetif.api.DropReason;
import io.vnetif.core.port.Port;
import io.vnetif.server.Tally;

/**
 * What the engine must do with the first frame a port sends onto a network of two ports, with no
 * impairments and nothing learned yet, written out from the engine's documented rules (not from its
 * code): the properties of each port kind's decoder use it for every datagram that gets past the
 * decoder.
 */
final class FirstFrameOracle {
    private static final int ETHERNET_HEADER = 14;

    private FirstFrameOracle() {
    }

    /** The counters after {@code from} sent {@code frame} and {@code to} is the only other port. */
    static Tally expect(Port from, Port to, byte[] frame) {
        Tally tally = new Tally().sent(from.label());
        DropReason refused = ingressRefusal(from, to, frame);
        if (refused != null) {
            return tally.dropped(from.label(), refused);
        }
        if (frame.length > to.mtu() + ETHERNET_HEADER) {
            return tally.dropped(to.label(), DropReason.EGRESS_FRAME_TOO_LONG);
        }
        // To the other port's MAC it goes to that port; to a broadcast, multicast or unknown address it floods, to the only other port.
        return tally.received(to.label());
    }

    private static DropReason ingressRefusal(Port from, Port other, byte[] frame) {
        if (frame.length < ETHERNET_HEADER) {
            return DropReason.FRAME_TOO_SHORT;
        }
        if (frame.length > from.mtu() + ETHERNET_HEADER) {
            return DropReason.FRAME_TOO_LONG;
        }
        long destination = address(frame, 0);
        long source = address(frame, 6);
        if (source != from.mac().toLong() && (!from.allowsForeignSourceMacs() || source == other.mac().toLong())) {
            return DropReason.SPOOFED_SOURCE_MAC; // a bridge may carry foreign stations, but not pose as another port
        }
        if ((destination == source || destination == from.mac().toLong()) && (frame[0] & 1) == 0) {
            // The source was learned on the sender the moment before its lookup, or the destination is the
            // sender's own MAC, which the switch knows from the attach (a static entry).
            return DropReason.HAIRPIN;
        }
        return null;
    }

    private static long address(byte[] frame, int at) {
        long bits = 0;
        for (int i = 0; i < 6; i++) {
            bits = (bits << 8) | (frame[at + i] & 0xFF);
        }
        return bits;
    }
}
