package io.vnetif.netstack.tcp;

/**
 * What a connection received and its reader has not taken yet: a ring holding the in-order bytes, and
 * beyond them, within the window, the out-of-order bytes of segments that arrived early (positions in
 * {@link Ranges}, at most a fixed number of holes). Positions are 64-bit stream offsets: {@code read}
 * (taken by the reader), {@code next} (in order: RCV.NXT's position). The stack writes (its thread, under
 * the connection's lock); the reader takes (its thread, same lock).
 */
final class ReceiveBuffer {
    private final int capacity;
    /** Starts small and grows as data arrives, up to the capacity (the window advertised is the capacity's). */
    private byte[] ring;
    private final Ranges outOfOrder;
    private long read;
    private long next;

    ReceiveBuffer(int capacity, int maxHoles) {
        this.capacity = capacity;
        this.ring = new byte[Math.min(capacity, Rings.INITIAL)];
        this.outOfOrder = new Ranges(maxHoles);
    }

    int capacity() {
        return capacity;
    }

    /** Bytes of memory the buffer holds now. */
    int allocated() {
        return ring.length;
    }

    /** Bytes in order, ready for the reader. */
    int readable() {
        return (int) (next - read);
    }

    /** The window: room from the in-order end to the end of the ring (out-of-order bytes live inside it). */
    int window() {
        return capacity - readable();
    }

    long nextPosition() {
        return next;
    }

    Ranges outOfOrder() {
        return outOfOrder;
    }

    /**
     * Stores {@code len} bytes that belong {@code offset} bytes past the in-order end (0: in order). The caller
     * trimmed them to the window.
     *
     * @return the bytes by which the in-order end moved, or -1 when the segment would need one hole too many
     *         (nothing stored)
     */
    int store(int offset, byte[] b, int off, int len) {
        long start = next + offset;
        if (offset > 0 && !outOfOrder.add(start, start + len)) {
            return -1;
        }
        long needed = start + len - read;
        if (needed > ring.length) {
            grow((int) needed);
        }
        int at = (int) (start % ring.length);
        int first = Math.min(len, ring.length - at);
        System.arraycopy(b, off, ring, at, first);
        System.arraycopy(b, off + first, ring, 0, len - first);
        long before = next;
        if (offset == 0) {
            next = outOfOrder.endOfRangeAt(start + len); // an early range this closes the hole to joins in
            outOfOrder.dropBelow(next);
        }
        return (int) (next - before);
    }

    /** A larger ring: every byte from {@code read} on keeps its stream position (bytes sit at position mod length). */
    private void grow(int needed) {
        byte[] grown = new byte[Rings.grownLength(ring.length, needed, capacity)];
        for (long p = read, end = read + ring.length; p < end; ) {
            int from = (int) (p % ring.length);
            int to = (int) (p % grown.length);
            int run = (int) Math.min(end - p, Math.min(ring.length - from, grown.length - to));
            System.arraycopy(ring, from, grown, to, run);
            p += run;
        }
        ring = grown;
    }

    /** Takes up to {@code len} in-order bytes; returns how many. */
    int take(byte[] b, int off, int len) {
        int n = Math.min(len, readable());
        Rings.copy(ring, (int) (read % ring.length), b, off, n);
        read += n;
        return n;
    }

    /** Drops up to {@code len} in-order bytes unread (input shut down). */
    void skip(int len) {
        read += Math.min(len, readable());
    }
}
