package io.vnetif.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.vnetif.core.DropReason;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datagrams the data plane sends, queued during a receive batch and flushed at its end, so that
 * sendmmsg sends them together. With segmentation on (UDP GSO, Linux), consecutive datagrams for one
 * recipient are also laid end to end in one buffer and sent as one {@link SegmentedDatagramPacket}: the
 * kernel walks its stack once for the lot — what lets a TCP stream through the switch run faster than
 * any relay that sends datagram by datagram. A frame read on one socket may leave through another
 * (native in, VXLAN out), so whoever ends a batch flushes them all. Confined to the data-plane loop.
 */
final class DataOutputs {
    private static final Logger log = LoggerFactory.getLogger(DataOutputs.class);

    /** Writes one datagram carrying a frame. */
    interface DatagramWriter {
        /** Appends the datagram carrying the readable bytes of {@code frame} (not consumed) at the writer index of {@code out}. */
        void writeDatagram(ByteBuf out, ByteBuf frame);
    }

    /**
     * The largest segment sent off this host: what fits a 1500-byte link unfragmented, as the kernel
     * refuses (EINVAL) a segment longer than the path MTU where it would have fragmented a datagram.
     * 1472 is exactly a VXLAN datagram of a 1450-byte inner MTU, Linux's default.
     */
    static final int MAX_SEGMENT_IPV4 = 1500 - 20 - 8;
    static final int MAX_SEGMENT_IPV6 = 1500 - 40 - 8;
    /** The loopback device's MTU is 64 KiB: any datagram is one segment there. */
    static final int MAX_SEGMENT_LOOPBACK = SegmentBatch.MAX_BYTES;
    /** Batches start this large and grow as datagrams join. */
    private static final int INITIAL_BATCH_BYTES = 16 * 1024;
    /** Recipients collected at once; beyond it the batches are handed to their channels and collection starts over. */
    static final int MAX_OPEN_BATCHES = 64;

    private final List<Channel> dirty = new ArrayList<>();
    private final List<SegmentBatch> open = new ArrayList<>();
    private final ArrayDeque<SegmentBatch> spare = new ArrayDeque<>();
    private boolean segmentation;
    private InetAddress lastRecipient;
    private int lastMaxSegment;

    /** @param segmentation whether to send consecutive datagrams for one recipient as one segmented send (needs epoll and UDP_SEGMENT) */
    DataOutputs(boolean segmentation) {
        this.segmentation = segmentation;
    }

    /** Whether datagrams are still sent segmented (a refused segmented send turns it off). */
    boolean segmentation() {
        return segmentation;
    }

    /**
     * Queues the datagram of exactly {@code length} bytes that {@code writer} writes for {@code frame} to
     * {@code to} on {@code channel}; a writer's exception propagates with nothing queued.
     *
     * @return {@code null} when queued, or why not
     */
    DropReason send(Channel channel, InetSocketAddress to, int length, DatagramWriter writer, ByteBuf frame) {
        if (!channel.isWritable()) {
            return DropReason.SEND_FAILED;
        }
        if (!segmentation || length > maxSegment(to.getAddress())) {
            sendAlone(channel, to, length, writer, frame);
            return null;
        }
        SegmentBatch batch = batchFor(channel, to);
        if (!batch.isOpen() || !batch.fits(length)) {
            emit(batch);
            batch.open(channel, to, channel.alloc().directBuffer(Math.max(length, INITIAL_BATCH_BYTES), SegmentBatch.MAX_BYTES));
        }
        ByteBuf out = batch.buffer();
        int start = out.writerIndex();
        try {
            writer.writeDatagram(out, frame);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
        batch.appended(out.writerIndex() - start);
        return null;
    }

    /** Queues {@code payload} (consumed) with a promise of its own, whose failure is only logged: it carries no frame. */
    void sendControl(Channel channel, ByteBuf payload, InetSocketAddress to) {
        markDirty(channel);
        channel.write(new DatagramPacket(payload, to)).addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("control datagram not sent on {}", channel.localAddress(), f.cause());
            }
        });
    }

    /** Hands every collected batch to its channel and flushes every channel written to since the last call. */
    void flushAll() {
        for (int i = 0; i < open.size(); i++) {
            emit(open.get(i));
            spare.add(open.get(i));
        }
        open.clear();
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }

    /** A datagram that cannot be a segment: sent by itself, after what is collected for its recipient (order kept). */
    private void sendAlone(Channel channel, InetSocketAddress to, int length, DatagramWriter writer, ByteBuf frame) {
        SegmentBatch earlier = find(channel, to);
        if (earlier != null) {
            emit(earlier);
        }
        ByteBuf out = channel.alloc().directBuffer(length);
        try {
            writer.writeDatagram(out, frame);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        markDirty(channel);
        channel.write(new DatagramPacket(out, to), channel.voidPromise()); // a failure reaches DataHandler.exceptionCaught
    }

    /**
     * The largest segment for {@code to}, remembered for the last address asked about: a port's
     * recipient is one long-lived object, and {@code Inet4Address.isLoopbackAddress} copies the address
     * into a new array at each call.
     */
    private int maxSegment(InetAddress to) {
        if (to != lastRecipient) {
            lastRecipient = to;
            lastMaxSegment = to.isLoopbackAddress() ? MAX_SEGMENT_LOOPBACK : to instanceof Inet6Address ? MAX_SEGMENT_IPV6 : MAX_SEGMENT_IPV4;
        }
        return lastMaxSegment;
    }

    private SegmentBatch find(Channel channel, InetSocketAddress to) {
        for (int i = 0; i < open.size(); i++) {
            SegmentBatch b = open.get(i);
            if (b.isFor(channel, to)) {
                return b;
            }
        }
        return null;
    }

    /** The open batch for the recipient, or a new one (empty, not open: the caller opens it). */
    private SegmentBatch batchFor(Channel channel, InetSocketAddress to) {
        SegmentBatch found = find(channel, to);
        if (found != null) {
            return found;
        }
        if (open.size() == MAX_OPEN_BATCHES) {
            for (int i = 0; i < open.size(); i++) {
                emit(open.get(i));
                spare.add(open.get(i));
            }
            open.clear();
        }
        SegmentBatch fresh = spare.isEmpty() ? new SegmentBatch() : spare.poll();
        open.add(fresh);
        return fresh;
    }

    /**
     * Writes the batch's datagrams to its channel: one plain datagram, or one segmented send whose
     * failure counts every frame in it (see {@link SegmentedSendException}).
     */
    private void emit(SegmentBatch batch) {
        if (!batch.isOpen()) {
            return;
        }
        int segments = batch.segments();
        int segmentSize = batch.segmentSize();
        Channel channel = batch.channel();
        InetSocketAddress to = batch.recipient();
        ByteBuf datagrams = batch.take();
        if (segments == 0) {
            datagrams.release();
            return;
        }
        markDirty(channel);
        if (segments == 1) {
            channel.write(new DatagramPacket(datagrams, to), channel.voidPromise());
            return;
        }
        channel.write(new SegmentedDatagramPacket(datagrams, segmentSize, to)).addListener(f -> {
            if (!f.isSuccess()) {
                segmentedSendFailed(channel, segments, f.cause());
            }
        });
    }

    /**
     * A refused segmented send (a path MTU below the segment size, a kernel without UDP_SEGMENT):
     * its frames are counted as failed sends, and the switch goes back to one datagram per send rather
     * than lose the next batch the same way.
     */
    private void segmentedSendFailed(Channel channel, int frames, Throwable cause) {
        if (segmentation && channel.isActive()) {
            segmentation = false;
            log.warn("a segmented UDP send (GSO) of {} datagrams on {} failed ({}); sending one datagram per send from now on",
                    frames, channel.localAddress(), cause.toString());
        }
        channel.pipeline().fireExceptionCaught(new SegmentedSendException(frames, cause));
    }

    private void markDirty(Channel channel) {
        if (!dirty.contains(channel)) {
            dirty.add(channel);
        }
    }
}
