package io.vnetif.netstack.iface;

import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.wire.Bytes;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Frames waiting for their next hop's MAC (ARP's or neighbour discovery's), in one queue per address and
 * within two bounds: frames per address and bytes for all. The queues are the caches' entries'; the
 * budget is kept here. Confined to the stack's thread.
 */
final class HeldFrames {
    private final Link link;
    private final Counters counters;
    private final Counter full;
    private final int perAddress;
    private final int maxBytes;
    private int bytes;

    /** @param full what a frame refused for want of room is counted as */
    HeldFrames(Link link, Counters counters, Counter full, int perAddress, int maxBytes) {
        this.link = link;
        this.counters = counters;
        this.full = full;
        this.perAddress = perAddress;
        this.maxBytes = maxBytes;
    }

    /** Queues a copy of the frame's {@code length} bytes (the stack reuses its buffer), or counts it as refused. */
    void hold(ArrayDeque<byte[]> queue, byte[] frame, int length) {
        if (queue.size() >= perAddress || bytes + length > maxBytes) {
            counters.increment(full);
            return;
        }
        queue.add(Arrays.copyOf(frame, length));
        bytes += length;
    }

    /** The address resolved to {@code mac}: every frame of {@code queue} goes, addressed to it. */
    void release(ArrayDeque<byte[]> queue, long mac) {
        byte[] p;
        while ((p = queue.poll()) != null) {
            bytes -= p.length;
            Bytes.put48(p, 0, mac);
            counters.increment(Counter.FRAMES_OUT);
            link.transmit(p, p.length);
        }
    }

    /** The address did not resolve: every frame of {@code queue} is dropped, counted as {@code reason}. */
    void drop(ArrayDeque<byte[]> queue, Counter reason) {
        for (byte[] p : queue) {
            counters.increment(reason);
            bytes -= p.length;
        }
        queue.clear();
    }
}
