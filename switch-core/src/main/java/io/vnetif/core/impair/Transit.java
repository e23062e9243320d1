package io.vnetif.core.impair;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.ImpairmentOutcome;
import io.vnetif.wire.FrameBytes;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.SplittableRandom;

/**
 * What the rules decided for one frame on its way: dropped, or how many copies, how late, and which
 * bits to flip and bytes to append. One instance per network, reused for every frame (the engine is
 * single-threaded); the frame itself is only copied when a rule changes or holds it.
 */
final class Transit {
    /**
     * Corruption spares the MAC addresses: a flipped source would be learned as a new station, a
     * flipped destination would go elsewhere; neither is what a bit error on a link looks like to
     * the stations, which simply see a bad frame.
     */
    static final int FLIP_START = 12;

    int length;
    int copies;
    long delayNanos;
    /** A delay or rate rule took the frame: it must not overtake frames held for the same port. */
    boolean ordered;
    /** A reorder draw let the frame skip its delay. */
    boolean overtake;
    ImpairmentOutcome dropped;
    final EnumSet<ImpairmentOutcome> events = EnumSet.noneOf(ImpairmentOutcome.class);
    private int[] flips = new int[4];
    private int flipCount;
    private byte[] trailer = new byte[64];
    private int trailerLength;

    void reset(int frameLength) {
        length = frameLength;
        copies = 1;
        delayNanos = 0;
        ordered = false;
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

    /**
     * A new buffer holding the frame with the trailer appended and the flips applied (a flip's bit
     * index counts from the end of the MAC addresses); the caller releases it.
     */
    ByteBuf rewrite(ByteBuf frame) {
        int original = frame.readableBytes();
        ByteBuf out = frame.alloc().buffer(original + trailerLength);
        FrameBytes.append(out, frame, frame.readerIndex(), original);
        out.writeBytes(trailer, 0, trailerLength);
        for (int i = 0; i < flipCount; i++) {
            int at = FLIP_START + flips[i] / 8;
            if (at < out.writerIndex()) {
                out.setByte(at, out.getByte(at) ^ (1 << (flips[i] % 8)));
            }
        }
        return out;
    }
}
