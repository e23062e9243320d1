package io.vnetif.server.io;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Datagrams written to their Netty channels and flushed once per receive batch, so epoll sends them
 * with one sendmmsg; collected runs go as {@link SegmentedDatagramPacket}s. A segmented send the kernel
 * refuses is not lost: its datagrams are written again one by one — after whatever was queued behind it
 * in the same flush, the one case where datagrams for one recipient change order. The switch's path
 * where it cannot send itself ({@link DirectSends}); it allocates a packet, a promise and address bytes
 * per send.
 */
public final class NettySends implements DatagramSends {
    private static final Logger log = LoggerFactory.getLogger(NettySends.class);

    private final Segmentation segmentation;
    private final List<Channel> dirty = new ArrayList<>();

    public NettySends(Segmentation segmentation) {
        this.segmentation = segmentation;
    }

    @Override
    public Segmentation segmentation() {
        return segmentation;
    }

    @Override
    public void write(DataSocket socket, ByteBuf content, InetSocketAddress to, int segmentSize, int segments) {
        Channel channel = socket.channel();
        markDirty(channel);
        if (segments == 1) {
            channel.write(new DatagramPacket(content, to), channel.voidPromise()); // a failure reaches DataHandler.exceptionCaught
            return;
        }
        SegmentedDatagramPacket packet = new SegmentedDatagramPacket(content, segmentSize, to);
        content.retain(); // kept until the outcome is known: a refused send is sent again from it
        channel.write(packet).addListener(f -> {
            try {
                if (!f.isSuccess()) {
                    refused(socket, to, content, segmentSize, segments, f.cause());
                }
            } finally {
                content.release();
            }
        });
    }

    @Override
    public void writeControl(DataSocket socket, ByteBuf payload, InetSocketAddress to) {
        Channel channel = socket.channel();
        markDirty(channel);
        channel.write(new DatagramPacket(payload, to)).addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("control datagram not sent on {}", channel.localAddress(), f.cause());
            }
        });
    }

    @Override
    public void flush(DataSocket socket) {
        socket.channel().flush();
        socket.channel().flush(); // what a refused segmented send queued again during the first flush
    }

    @Override
    public void flushAll() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }

    /** Nothing of its own: what is queued belongs to the channels, which free it as they close. */
    @Override
    public void close() {
    }

    private void markDirty(Channel channel) {
        if (!dirty.contains(channel)) {
            dirty.add(channel);
        }
    }

    private void refused(DataSocket socket, InetSocketAddress to, ByteBuf content, int segmentSize, int segments, Throwable cause) {
        Channel channel = socket.channel();
        if (!channel.isActive()) {
            // Closed meanwhile: nothing can be sent, every frame counts as failed.
            socket.failures().sendFailed(segments, cause);
            return;
        }
        segmentation.refused(segments, to, channel.localAddress(), cause);
        for (int at = content.readerIndex(); at < content.writerIndex(); at += segmentSize) {
            int length = Math.min(segmentSize, content.writerIndex() - at);
            channel.write(new DatagramPacket(content.retainedSlice(at, length), to), channel.voidPromise());
        }
        // This runs while the channel is flushing, which writes nothing on a nested flush: flush once it is done.
        channel.eventLoop().execute(channel::flush);
    }
}
