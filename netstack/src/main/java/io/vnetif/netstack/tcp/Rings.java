package io.vnetif.netstack.tcp;

/** What the send and receive rings share: how they grow, and copying out across the wrap. */
final class Rings {
    /** A new connection's rings start at this size (or the capacity, if smaller). */
    static final int INITIAL = 4096;

    private Rings() {
    }

    /** The next length for a ring of {@code length} that must hold {@code needed} bytes: doubled, at least needed, at most the capacity. */
    static int grownLength(int length, int needed, int capacity) {
        if (needed > capacity) {
            throw new IllegalStateException("a ring of capacity " + capacity + " asked to hold " + needed + " bytes");
        }
        return (int) Math.min(capacity, Math.max(2L * length, needed));
    }

    /** Copies {@code len} bytes starting at {@code from} in {@code ring}, wrapping at its end, into {@code dst}. */
    static void copy(byte[] ring, int from, byte[] dst, int dstOff, int len) {
        int first = Math.min(len, ring.length - from);
        System.arraycopy(ring, from, dst, dstOff, first);
        System.arraycopy(ring, 0, dst, dstOff + first, len - first);
    }
}
