package io.vnetif.wire;

/**
 * Which sequence numbers of one direction of a sealed port were accepted already: the sliding window
 * of RFC 6479, a ring of 1024 bits. A number is fresh when it is above the highest accepted, or at most
 * {@link #SIZE} − 1 below it and not accepted yet; everything else is a replay (or too old to tell).
 *
 * <p>RFC 6479 rather than the 64-bit window of RFC 4303: datagrams reordered by delay impairments or
 * by the network may arrive hundreds behind, and the ring clears whole words on a jump, so an update
 * costs at most 16 word writes whatever the jump.
 *
 * <p>Sequence numbers are unsigned 64-bit values; 0 counts as accepted from the start, so senders begin
 * at 1. Not thread-safe: one window per receiving thread.
 */
public final class ReplayWindow {
    private static final int WORD_BITS = Long.SIZE;
    private static final int WORDS = 1024 / WORD_BITS;
    /**
     * How far behind the highest accepted number a datagram may be: the ring minus one word, because the
     * word holding the highest number is only partly behind it (RFC 6479, section 2).
     */
    public static final int SIZE = (WORDS - 1) * WORD_BITS;

    private final long[] ring = new long[WORDS];
    private long highest;

    public ReplayWindow() {
        ring[0] = 1; // sequence number 0: never valid
    }

    /** Whether {@code sequence} may be accepted: cheap, so replays are refused before any decryption. */
    public boolean isFresh(long sequence) {
        if (Long.compareUnsigned(sequence, highest) > 0) {
            return true;
        }
        if (Long.compareUnsigned(highest - sequence, SIZE) >= 0) {
            return false;
        }
        return (ring[word(sequence)] & bit(sequence)) == 0;
    }

    /**
     * Records {@code sequence} as accepted; call only for a fresh number of a datagram that
     * authenticated, so forged datagrams cannot move the window.
     */
    public void accept(long sequence) {
        if (Long.compareUnsigned(sequence, highest) > 0) {
            long wordsAhead = (sequence >>> 6) - (highest >>> 6);
            int clear = Long.compareUnsigned(wordsAhead, WORDS) > 0 ? WORDS : (int) wordsAhead;
            long first = highest >>> 6;
            for (int i = 1; i <= clear; i++) {
                ring[(int) ((first + i) & (WORDS - 1))] = 0;
            }
            highest = sequence;
        }
        ring[word(sequence)] |= bit(sequence);
    }

    private static int word(long sequence) {
        return (int) ((sequence >>> 6) & (WORDS - 1));
    }

    private static long bit(long sequence) {
        return 1L << (sequence & (WORD_BITS - 1));
    }
}
