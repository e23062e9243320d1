package io.vnetif.core.impair;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.SplittableRandom;

/**
 * What the rules decided for one frame on its way: dropped, or how many copies, how late, and which
 * bits to flip and bytes to append. One instance per network, reused for every frame (the engine is
 * single-threaded); the frame itself is only copied when a rule changes or holds it.
 */
final class Transit {
    int length;
    int copies;
    long delayNanos;
    boolean overtake;
    Impaired dropped;
    final EnumSet<Impaired> events = EnumSet.noneOf(Impaired.class);
    private int[] flips = new int[4];
    private int flipCount;
    private byte[] trailer = new byte[64];
    private int trailerLength;

    void reset(int frameLength) {
        length = frameLength;
        copies = 1;
        delayNanos = 0;
        overtake = false;
        dropped = null;
        events.clear();
        flipCount = 0;
        trailerLength = 0;
    }

    void flipBit(int bit) {
        if (flipCount == flips.length) {
            flips = Arrays.copyOf(flips, flipCount * 2);
        }
        flips[flipCount++] = bit;
    }

    void addTrailer(int count, SplittableRandom random) {
        if (trailerLength + count > trailer.length) {
            trailer = Arrays.copyOf(trailer, Math.max(trailer.length * 2, trailerLength + count));
        }
        for (int i = 0; i < count; i++) {
            trailer[trailerLength + i] = (byte) random.nextInt(256);
        }
        trailerLength += count;
        length += count;
    }

    /** True when the frame must be rewritten (bits flipped, bytes appended). */
    boolean changesFrame() {
        return flipCount > 0 || trailerLength > 0;
    }

    /** True when the frame can go on at once, as it is, once. */
    boolean untouched() {
        return copies == 1 && delayNanos == 0 && !changesFrame();
    }

    /** A new buffer holding the frame with the flips and the trailer applied; the caller releases it. */
    ByteBuf rewrite(ByteBuf frame) {
        int original = frame.readableBytes();
        ByteBuf out = frame.alloc().buffer(original + trailerLength);
        out.writeBytes(frame, frame.readerIndex(), original);
        for (int i = 0; i < flipCount; i++) {
            int bit = flips[i];
            if (bit / 8 < original) {
                out.setByte(bit / 8, out.getByte(bit / 8) ^ (1 << (bit % 8)));
            }
        }
        out.writeBytes(trailer, 0, trailerLength);
        return out;
    }
}
