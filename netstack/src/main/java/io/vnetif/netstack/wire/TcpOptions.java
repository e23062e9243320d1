package io.vnetif.netstack.wire;

/**
 * The options of one TCP segment, read into a reusable holder (nothing allocated per segment): MSS
 * (RFC 9293), window scale and timestamps (RFC 7323), SACK-permitted and SACK blocks (RFC 2018); and
 * writing them. Unknown options are skipped by their length, as RFC 9293 asks; an option whose length
 * lies makes the whole segment malformed.
 */
public final class TcpOptions {
    public static final int KIND_END = 0;
    public static final int KIND_NOP = 1;
    public static final int KIND_MSS = 2;
    public static final int KIND_WINDOW_SCALE = 3;
    public static final int KIND_SACK_PERMITTED = 4;
    public static final int KIND_SACK = 5;
    public static final int KIND_TIMESTAMPS = 8;
    /** SACK blocks one segment can carry beside timestamps (RFC 2018: 3). */
    public static final int MAX_SACK_BLOCKS = 4;
    /** The largest window shift RFC 7323 allows. */
    public static final int MAX_WINDOW_SCALE = 14;

    /** -1 when absent. */
    public int mss;
    /** -1 when absent. */
    public int windowScale;
    public boolean sackPermitted;
    public boolean timestamps;
    public int tsVal;
    public int tsEcr;
    public int sackBlocks;
    public final int[] sackLeft = new int[MAX_SACK_BLOCKS];
    public final int[] sackRight = new int[MAX_SACK_BLOCKS];

    /**
     * Reads the options between {@code from} and {@code to}.
     *
     * @return {@code null}, or why the options are malformed
     */
    public String read(byte[] f, int from, int to) {
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        timestamps = false;
        sackBlocks = 0;
        int i = from;
        while (i < to) {
            int kind = Bytes.u8(f, i);
            if (kind == KIND_END) {
                return null;
            }
            if (kind == KIND_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= to) {
                return "option " + kind + " without its length";
            }
            int length = Bytes.u8(f, i + 1);
            if (length < 2 || i + length > to) {
                return "option " + kind + " with length " + length;
            }
            switch (kind) {
                case KIND_MSS -> {
                    if (length != 4) {
                        return "MSS option of length " + length;
                    }
                    mss = Bytes.u16(f, i + 2);
                }
                case KIND_WINDOW_SCALE -> {
                    if (length != 3) {
                        return "window scale option of length " + length;
                    }
                    windowScale = Math.min(Bytes.u8(f, i + 2), MAX_WINDOW_SCALE); // RFC 7323 §2.3: larger means 14
                }
                case KIND_SACK_PERMITTED -> {
                    if (length != 2) {
                        return "SACK-permitted option of length " + length;
                    }
                    sackPermitted = true;
                }
                case KIND_SACK -> {
                    if ((length - 2) % 8 != 0 || length == 2) {
                        return "SACK option of length " + length;
                    }
                    int blocks = Math.min((length - 2) / 8, MAX_SACK_BLOCKS);
                    for (int b = 0; b < blocks; b++) {
                        sackLeft[b] = Bytes.i32(f, i + 2 + 8 * b);
                        sackRight[b] = Bytes.i32(f, i + 6 + 8 * b);
                    }
                    sackBlocks = blocks;
                }
                case KIND_TIMESTAMPS -> {
                    if (length != 10) {
                        return "timestamps option of length " + length;
                    }
                    timestamps = true;
                    tsVal = Bytes.i32(f, i + 2);
                    tsEcr = Bytes.i32(f, i + 6);
                }
                default -> {
                    // unknown: skipped by its length
                }
            }
            i += length;
        }
        return null;
    }

    /** Writes MSS (kind 2), 4 bytes; returns the next offset. */
    public static int writeMss(byte[] f, int at, int mss) {
        Bytes.put8(f, at, KIND_MSS);
        Bytes.put8(f, at + 1, 4);
        Bytes.put16(f, at + 2, mss);
        return at + 4;
    }

    /** Writes NOP and window scale, 4 bytes. */
    public static int writeWindowScale(byte[] f, int at, int shift) {
        Bytes.put8(f, at, KIND_NOP);
        Bytes.put8(f, at + 1, KIND_WINDOW_SCALE);
        Bytes.put8(f, at + 2, 3);
        Bytes.put8(f, at + 3, shift);
        return at + 4;
    }

    /** Writes two NOPs and SACK-permitted, 4 bytes. */
    public static int writeSackPermitted(byte[] f, int at) {
        Bytes.put8(f, at, KIND_NOP);
        Bytes.put8(f, at + 1, KIND_NOP);
        Bytes.put8(f, at + 2, KIND_SACK_PERMITTED);
        Bytes.put8(f, at + 3, 2);
        return at + 4;
    }

    /** Writes two NOPs and timestamps, 12 bytes. */
    public static int writeTimestamps(byte[] f, int at, int tsVal, int tsEcr) {
        Bytes.put8(f, at, KIND_NOP);
        Bytes.put8(f, at + 1, KIND_NOP);
        Bytes.put8(f, at + 2, KIND_TIMESTAMPS);
        Bytes.put8(f, at + 3, 10);
        Bytes.put32(f, at + 4, tsVal);
        Bytes.put32(f, at + 8, tsEcr);
        return at + 12;
    }

    /** Writes two NOPs and {@code count} SACK blocks, 4 + 8 * count bytes. */
    public static int writeSack(byte[] f, int at, int[] left, int[] right, int count) {
        Bytes.put8(f, at, KIND_NOP);
        Bytes.put8(f, at + 1, KIND_NOP);
        Bytes.put8(f, at + 2, KIND_SACK);
        Bytes.put8(f, at + 3, 2 + 8 * count);
        for (int b = 0; b < count; b++) {
            Bytes.put32(f, at + 4 + 8 * b, left[b]);
            Bytes.put32(f, at + 8 + 8 * b, right[b]);
        }
        return at + 4 + 8 * count;
    }
}
