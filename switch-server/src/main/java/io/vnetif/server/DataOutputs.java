package io.vnetif.server;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * The data-plane channels that have written since the last flush. A frame read on one socket may be
 * delivered through another (native in, VXLAN out), so whoever ends a batch flushes them all — once
 * per batch, so sendmmsg still batches. Confined to the data-plane loop.
 */
final class DataOutputs {
    private final List<Channel> dirty = new ArrayList<>();

    /** Queues {@code message} on {@code channel} without flushing. */
    void write(Channel channel, Object message) {
        if (!dirty.contains(channel)) {
            dirty.add(channel);
        }
        channel.write(message, channel.voidPromise());
    }

    /** Flushes every channel written to since the last call. */
    void flushAll() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }
}
