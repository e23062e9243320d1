package io.vnetif.netstack.udp;

import io.vnetif.netstack.wire.Ipv6Address;

/**
 * Datagrams queued in a ring of bytes, each a record of family, port, length, address (4 or 16 bytes) and
 * data: a socket's inbox or outbox that holds at most its capacity in bytes and allocates nothing per
 * datagram. Callers hold the endpoint's lock.
 */
final class RecordRing {
    /** The family byte (4 or 6) and the word of port and length; the address follows. */
    private static final int FIXED = 5;
    /** The longest header of a record: an IPv6 one. */
    static final int MAX_HEADER = FIXED + Ipv6Address.LENGTH;

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

    /** Whether a datagram of {@code length} bytes with an IPv6 ({@code v6}) or IPv4 address fits now. */
    boolean fits(boolean v6, int length) {
        return used + FIXED + (v6 ? Ipv6Address.LENGTH : 4) + length <= ring.length;
    }

    /**
     * Appends a datagram from or to the IPv4 address {@code v4} ({@code v6} null) or the IPv6 address at
     * {@code v6At} of {@code v6}; the caller checked {@link #fits}.
     */
    void add(int v4, byte[] v6, int v6At, int port, byte[] b, int off, int length) {
        int tail = (head + used) % ring.length;
        ring[tail] = (byte) (v6 == null ? 4 : 6);
        tail = putInt((tail + 1) % ring.length, port << 16 | length);
        int addressLength = v6 == null ? 4 : Ipv6Address.LENGTH;
        if (v6 == null) {
            tail = putInt(tail, v4);
        } else {
            copyIn(tail, v6, v6At, addressLength);
            tail = (tail + addressLength) % ring.length;
        }
        copyIn(tail, b, off, length);
        used += FIXED + addressLength + length;
        records++;
    }

    /** Whether the first datagram's address is an IPv6 one. */
    boolean peekIsV6() {
        return ring[head] == 6;
    }

    /** The IPv4 address of the first datagram (when not {@link #peekIsV6()}). */
    int peekIp() {
        return getInt(at(FIXED));
    }

    /** Copies the IPv6 address of the first datagram (when {@link #peekIsV6()}) to {@code into} at {@code off}. */
    void peekIp6(byte[] into, int off) {
        copyOut(at(FIXED), into, off, Ipv6Address.LENGTH);
    }

    int peekPort() {
        return getInt(at(1)) >>> 16;
    }

    int peekLength() {
        return getInt(at(1)) & 0xFFFF;
    }

    /** Removes the first datagram, copying up to {@code max} of its bytes into {@code b}; returns how many were copied. */
    int take(byte[] b, int off, int max) {
        int length = peekLength();
        int header = FIXED + (peekIsV6() ? Ipv6Address.LENGTH : 4);
        int n = Math.min(length, max);
        copyOut(at(header), b, off, n);
        head = (head + header + length) % ring.length;
        used -= header + length;
        records--;
        return n;
    }

    private int at(int offset) {
        return (head + offset) % ring.length;
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
