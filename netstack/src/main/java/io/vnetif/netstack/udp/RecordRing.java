package io.vnetif.netstack.udp;

/**
 * Datagrams queued in a ring of bytes, each a record of address, port, length and data: a socket's inbox
 * or outbox that holds at most its capacity in bytes and allocates nothing per datagram. Callers hold the
 * endpoint's lock.
 */
final class RecordRing {
    private static final int HEADER = 8;

    private final byte[] ring;
    private int head;
    private int used;
    private int records;

    RecordRing(int capacity) {
        this.ring = new byte[capacity];
    }

    boolean isEmpty() {
        return records == 0;
    }

    int records() {
        return records;
    }

    /** Whether a datagram of {@code length} bytes fits now. */
    boolean fits(int length) {
        return used + HEADER + length <= ring.length;
    }

    /** Appends a datagram; the caller checked {@link #fits}. */
    void add(int ip, int port, byte[] b, int off, int length) {
        int tail = (head + used) % ring.length;
        tail = putInt(tail, ip);
        tail = putInt(tail, port << 16 | length);
        copyIn(tail, b, off, length);
        used += HEADER + length;
        records++;
    }

    /** The address of the first datagram. */
    int peekIp() {
        return getInt(head);
    }

    int peekPort() {
        return getInt((head + 4) % ring.length) >>> 16;
    }

    int peekLength() {
        return getInt((head + 4) % ring.length) & 0xFFFF;
    }

    /** Removes the first datagram, copying up to {@code max} of its bytes into {@code b}; returns how many were copied. */
    int take(byte[] b, int off, int max) {
        int length = peekLength();
        int n = Math.min(length, max);
        copyOut((head + HEADER) % ring.length, b, off, n);
        head = (head + HEADER + length) % ring.length;
        used -= HEADER + length;
        records--;
        return n;
    }

    private int putInt(int at, int v) {
        for (int i = 3; i >= 0; i--) {
            ring[at] = (byte) (v >>> (8 * i));
            at = (at + 1) % ring.length;
        }
        return at;
    }

    private int getInt(int at) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = v << 8 | ring[at] & 0xFF;
            at = (at + 1) % ring.length;
        }
        return v;
    }

    private void copyIn(int at, byte[] b, int off, int length) {
        int first = Math.min(length, ring.length - at);
        System.arraycopy(b, off, ring, at, first);
        System.arraycopy(b, off + first, ring, 0, length - first);
    }

    private void copyOut(int at, byte[] b, int off, int length) {
        int first = Math.min(length, ring.length - at);
        System.arraycopy(ring, at, b, off, first);
        System.arraycopy(ring, 0, b, off + first, length - first);
    }
}
