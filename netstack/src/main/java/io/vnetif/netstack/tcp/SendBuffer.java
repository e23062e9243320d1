package io.vnetif.netstack.tcp;

/**
 * The bytes a connection has taken from its writer and not yet seen acknowledged: a ring from SND.UNA on,
 * unacknowledged bytes first, then unsent ones. The writer appends (its thread, under the connection's
 * lock); the stack copies segments out and drops what is acknowledged (the stack's thread, same lock).
 */
final class SendBuffer {
    private final int capacity;
    /** Starts small and doubles as the writer needs room, up to the capacity: an idle connection holds little. */
    private byte[] ring;
    private int head;
    private int length;

    SendBuffer(int capacity) {
        this.capacity = capacity;
        this.ring = new byte[Math.min(capacity, Rings.INITIAL)];
    }

    int capacity() {
        return capacity;
    }

    /** Bytes held: unacknowledged and unsent. */
    int length() {
        return length;
    }

    int free() {
        return capacity - length;
    }

    /** Bytes of memory the buffer holds now. */
    int allocated() {
        return ring.length;
    }

    /** Appends as much of {@code len} bytes as fits; returns how many. */
    int write(byte[] b, int off, int len) {
        int n = Math.min(len, free());
        if (length + n > ring.length) {
            byte[] grown = new byte[Rings.grownLength(ring.length, length + n, capacity)];
            Rings.copy(ring, head, grown, 0, length);
            ring = grown;
            head = 0;
        }
        int tail = (head + length) % ring.length;
        int first = Math.min(n, ring.length - tail);
        System.arraycopy(b, off, ring, tail, first);
        System.arraycopy(b, off + first, ring, 0, n - first);
        length += n;
        return n;
    }

    /** Copies {@code len} bytes from {@code offset} bytes past SND.UNA into {@code dst}. */
    void copyOut(int offset, byte[] dst, int dstOff, int len) {
        Rings.copy(ring, (head + offset) % ring.length, dst, dstOff, len);
    }

    /** Drops the first {@code n} bytes: they were acknowledged. */
    void consume(int n) {
        head = (head + n) % ring.length;
        length -= n;
    }
}
