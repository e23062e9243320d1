package io.vnetif.netstack.tcp;

/**
 * A bounded set of disjoint byte ranges [start, end) of a stream (64-bit positions, so sequence numbers
 * never wrap here), merged as they are added: the out-of-order data a receiver holds, the SACKed data a
 * sender knows of. Kept sorted in two arrays; nothing allocated after construction.
 */
final class Ranges {
    private final long[] starts;
    private final long[] ends;
    private int count;
    /** Index of the range the last {@link #add} touched (the most recent block, for SACK). */
    private int lastTouched = -1;

    Ranges(int maxRanges) {
        this.starts = new long[maxRanges];
        this.ends = new long[maxRanges];
    }

    int count() {
        return count;
    }

    long start(int i) {
        return starts[i];
    }

    long end(int i) {
        return ends[i];
    }

    /** The range the last add touched, or -1. */
    int lastTouched() {
        return lastTouched;
    }

    /**
     * Adds [start, end), merging with overlapping or adjacent ranges.
     *
     * @return false, changing nothing, when it would need a range beyond the limit
     */
    boolean add(long start, long end) {
        if (end <= start) {
            return true;
        }
        int i = 0;
        while (i < count && ends[i] < start) {
            i++;
        }
        int j = i;
        while (j < count && starts[j] <= end) {
            j++;
        }
        // Ranges i..j-1 overlap or touch [start, end): they become one.
        if (i == j) {
            if (count == starts.length) {
                return false;
            }
            System.arraycopy(starts, i, starts, i + 1, count - i);
            System.arraycopy(ends, i, ends, i + 1, count - i);
            starts[i] = start;
            ends[i] = end;
            count++;
        } else {
            starts[i] = Math.min(start, starts[i]);
            ends[i] = Math.max(end, ends[j - 1]);
            int removed = j - i - 1;
            System.arraycopy(starts, j, starts, i + 1, count - j);
            System.arraycopy(ends, j, ends, i + 1, count - j);
            count -= removed;
        }
        lastTouched = i;
        return true;
    }

    /** Forgets everything below {@code position} (cutting a range that spans it). */
    void dropBelow(long position) {
        int i = 0;
        while (i < count && ends[i] <= position) {
            i++;
        }
        if (i > 0) {
            System.arraycopy(starts, i, starts, 0, count - i);
            System.arraycopy(ends, i, ends, 0, count - i);
            count -= i;
            lastTouched = lastTouched - i;
        }
        if (count > 0 && starts[0] < position) {
            starts[0] = position;
        }
        if (lastTouched < 0 || lastTouched >= count) {
            lastTouched = -1;
        }
    }

    /** Whether {@code position} lies in a range. */
    boolean contains(long position) {
        for (int i = 0; i < count; i++) {
            if (position < starts[i]) {
                return false;
            }
            if (position < ends[i]) {
                return true;
            }
        }
        return false;
    }

    /** The end of the range that starts at or covers {@code position}, or {@code position} when none does. */
    long endOfRangeAt(long position) {
        for (int i = 0; i < count; i++) {
            if (starts[i] <= position && position < ends[i]) {
                return ends[i];
            }
        }
        return position;
    }

    /** The start of the first range above {@code position}, or {@link Long#MAX_VALUE}. */
    long nextStartAfter(long position) {
        for (int i = 0; i < count; i++) {
            if (starts[i] > position) {
                return starts[i];
            }
        }
        return Long.MAX_VALUE;
    }

    /** Bytes of the ranges at or above {@code position}. */
    long bytesAbove(long position) {
        long sum = 0;
        for (int i = count - 1; i >= 0 && ends[i] > position; i--) {
            sum += ends[i] - Math.max(starts[i], position);
        }
        return sum;
    }

    /** Bytes of the ranges within [from, to). */
    long bytesWithin(long from, long to) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            long s = Math.max(starts[i], from);
            long e = Math.min(ends[i], to);
            if (e > s) {
                sum += e - s;
            }
        }
        return sum;
    }

    /** The end of the highest range, or {@link Long#MIN_VALUE} when empty. */
    long highestEnd() {
        return count == 0 ? Long.MIN_VALUE : ends[count - 1];
    }

    void clear() {
        count = 0;
        lastTouched = -1;
    }
}
