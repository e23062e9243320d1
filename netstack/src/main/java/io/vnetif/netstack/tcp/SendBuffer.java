package io.vnetif.netstack.tcp;

/**
 * The bytes a connection has taken from its writer and not yet seen acknowledged: a ring from SND.UNA on,
 * unacknowledged bytes first, then unsent ones. The writer appends (its thread, under the connection's
 * lock); the stack copies segments out and drops what is acknowledged (the stack's thread, same lock).
 */
final class SendBuffer {
    private final byte[] ring;
    private int head;
    private int length;

    SendBuffer(int capacity) {
        this.ring = new byte[capacity];
    }

    int capacity() {
        return ring.length;
    }

    /** Bytes held: unacknowledged and unsent. */
    int length() {
        return length;
    }

    int free() {
        return ring.length - length;
    }

    /** Appends as much of {@code len} bytes as fits; returns how many. */
    int write(byte[] b, int off, int len) {
        int n = Math.min(len, free());
        int tail = (head + length) % ring.length;
        int first = Math.min(n, ring.length - tail);
        System.arraycopy(b, off, ring, tail, first);
        System.arraycopy(b, off + first, ring, 0, n - first);
        length += n;
        return n;
    }

    /** Copies {@code len} bytes from {@code offset} bytes past SND.UNA into {@code dst}. */
    void copyOut(int offset, byte[] dst, int dstOff, int len) {
        int from = (head + offset) % ring.length;
        int first = Math.min(len, ring.length - from);
        System.arraycopy(ring, from, dst, dstOff, first);
        System.arraycopy(ring, 0, dst, dstOff + first, len - first);
    }

    /** Drops the first {@code n} bytes: they were acknowledged. */
    void consume(int n) {
        head = (head + n) % ring.length;
        length -= n;
    }
}
