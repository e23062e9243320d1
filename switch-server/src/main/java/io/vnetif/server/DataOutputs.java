package io.vnetif.server;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The data-plane channels that have written since the last flush. A frame read on one socket may be
 * delivered through another (native in, VXLAN out), so whoever ends a batch flushes them all — once
 * per batch, so sendmmsg still batches. Confined to the data-plane loop.
 */
final class DataOutputs {
    private static final Logger log = LoggerFactory.getLogger(DataOutputs.class);
    private final List<Channel> dirty = new ArrayList<>();

    /**
     * Queues {@code message} on {@code channel} without flushing. No promise (so no allocation): a
     * failure reaches the pipeline's exceptionCaught.
     */
    void write(Channel channel, Object message) {
        markDirty(channel);
        channel.write(message, channel.voidPromise());
    }

    /** Queues {@code message} with a promise of its own, whose failure is only logged (not a frame). */
    void writeWithOwnPromise(Channel channel, Object message) {
        markDirty(channel);
        channel.write(message).addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("control datagram not sent on {}", channel.localAddress(), f.cause());
            }
        });
    }

    private void markDirty(Channel channel) {
        if (!dirty.contains(channel)) {
            dirty.add(channel);
        }
    }

    /** Flushes every channel written to since the last call. */
    void flushAll() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }
}
