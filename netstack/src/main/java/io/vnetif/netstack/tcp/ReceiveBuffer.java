package io.vnetif.netstack.tcp;

/**
 * What a connection received and its reader has not taken yet: a ring holding the in-order bytes, and
 * beyond them, within the window, the out-of-order bytes of segments that arrived early (positions in
 * {@link Ranges}, at most a fixed number of holes). Positions are 64-bit stream offsets: {@code read}
 * (taken by the reader), {@code next} (in order: RCV.NXT's position). The stack writes (its thread, under
 * the connection's lock); the reader takes (its thread, same lock).
 */
final class ReceiveBuffer {
    private final byte[] ring;
    private final Ranges outOfOrder;
    private long read;
    private long next;

    ReceiveBuffer(int capacity, int maxHoles) {
        this.ring = new byte[capacity];
        this.outOfOrder = new Ranges(maxHoles);
    }

    int capacity() {
        return ring.length;
    }

    /** Bytes in order, ready for the reader. */
    int readable() {
        return (int) (next - read);
    }

    /** The window: room from the in-order end to the end of the ring (out-of-order bytes live inside it). */
    int window() {
        return ring.length - readable();
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

    /** Takes up to {@code len} in-order bytes; returns how many. */
    int take(byte[] b, int off, int len) {
        int n = Math.min(len, readable());
        int at = (int) (read % ring.length);
        int first = Math.min(n, ring.length - at);
        System.arraycopy(ring, at, b, off, first);
        System.arraycopy(ring, 0, b, off + first, n - first);
        read += n;
        return n;
    }

    /** Drops up to {@code len} in-order bytes unread (input shut down). */
    void skip(int len) {
        read += Math.min(len, readable());
    }
}
