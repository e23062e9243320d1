package io.vnetif.client;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * One received frame's bytes on its way to the listener, reused frame after frame: an array that grows
 * to the largest frame it has carried and a read-only view of it, so delivering a frame allocates
 * nothing. Owned by one thread at a time (the receiver fills it, the listener's thread delivers it).
 */
final class RxSlot {
    private static final byte[] EMPTY = new byte[0];

    private byte[] bytes = EMPTY;
    private ByteBuffer view = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    private int length;

    /** Copies {@code length} bytes of {@code source} from {@code index} (indices not moved). */
    void fill(ByteBuf source, int index, int length) {
        if (bytes.length < length) {
            bytes = new byte[length];
            view = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }
        source.getBytes(index, bytes, 0, length);
        this.length = length;
    }

    int length() {
        return length;
    }

    /** The frame, from position 0 to its length; reset on every call (a listener may have moved them). */
    ByteBuffer frame() {
        view.clear().limit(length);
        return view;
    }
}
