package io.vnetif.wire;

import io.netty.buffer.ByteBuf;

/** Copies frame bytes between Netty buffers on the forwarding path without allocating. */
public final class FrameBytes {
    private FrameBytes() {
    }

    /**
     * Appends {@code length} bytes of {@code frame} from {@code index} at the writer index of {@code out}
     * (growing it if needed). {@code out.writeBytes(frame, ...)} would do the same, but Netty's adaptive
     * buffers copy from a direct slice through a new NIO view per call — an object per frame on the
     * switch's hot path; reading from the source into the target copies memory to memory instead.
     */
    public static void append(ByteBuf out, ByteBuf frame, int index, int length) {
        out.ensureWritable(length);
        int at = out.writerIndex();
        frame.getBytes(index, out, at, length);
        out.writerIndex(at + length);
    }

    /** Appends the readable bytes of {@code frame} (not consumed) to {@code out}. */
    public static void append(ByteBuf out, ByteBuf frame) {
        append(out, frame, frame.readerIndex(), frame.readableBytes());
    }
}
