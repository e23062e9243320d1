package io.vnetif.server;

import java.io.IOException;

/** A segmented send that could not go, nor be sent again datagram by datagram (its channel closed): every one of its {@link #frames()} frames is lost. */
final class SegmentedSendException extends IOException {
    private final int frames;

    SegmentedSendException(int frames, Throwable cause) {
        super("segmented send of " + frames + " datagrams failed", cause);
        this.frames = frames;
    }

    int frames() {
        return frames;
    }
}
