package io.vnetif.server.io;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The datagrams the data plane sends, queued during a receive batch and flushed at its end, so that
 * sendmmsg sends them together. With segmentation on (UDP GSO, Linux), consecutive datagrams for one
 * recipient are also laid end to end in one buffer ({@link SegmentBatch}) and sent as one segmented send:
 * the kernel walks its stack once for the lot — what lets a TCP stream through the switch run faster
 * than any relay that sends datagram by datagram. Order per recipient holds (but for the datagrams of a
 * segmented send the kernel refuses, sent again one by one after the rest). A frame read on one socket
 * may leave through another (native in, VXLAN out), so whoever ends a batch flushes them all. How the
 * datagrams reach the kernel is {@link DatagramSends}' business. Confined to the data-plane loop.
 */
public final class DataOutputs {
    /** Writes one datagram carrying a frame. */
    public interface DatagramWriter {
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

    private final List<SegmentBatch> open = new ArrayList<>();
    private final ArrayDeque<SegmentBatch> spare = new ArrayDeque<>();
    private final DatagramSends sends;
    /** Datagrams queued since the last {@link #flushAll}, and what sending one took on average lately (an EWMA, 1/8 per flush). */
    private int queued;
    private long sendCostNanos;

    public DataOutputs(DatagramSends sends) {
        this.sends = sends;
    }

    /**
     * What sending one datagram has cost the thread lately, queueing and flushing together (estimated per
     * flush, averaged): what the engine charges a network for each datagram its frames cause.
     */
    public long sendCostNanos() {
        return sendCostNanos;
    }

    /** Whether datagrams for one recipient leave as segmented sends, and how many there were. */
    public Segmentation segmentation() {
        return sends.segmentation();
    }

    /** The largest segment that may go to {@code to} in a segmented send; callers keep it per recipient ({@code isLoopbackAddress} allocates). */
    public static int maxSegment(InetAddress to) {
        if (to.isLoopbackAddress()) {
            return MAX_SEGMENT_LOOPBACK;
        }
        return to instanceof Inet6Address ? MAX_SEGMENT_IPV6 : MAX_SEGMENT_IPV4;
    }

    /**
     * Queues the datagram of exactly {@code length} bytes that {@code writer} writes for {@code frame} to
     * {@code to} on {@code socket}; {@code maxSegment} is {@link #maxSegment}{@code (to)}. A writer's
     * exception propagates with nothing queued.
     *
     * @return {@code null} when queued, or why not
     * @throws IllegalStateException when the writer wrote another length than promised (the kernel would cut the batch wrong)
     */
    public DropReason send(DataSocket socket, InetSocketAddress to, int maxSegment, int length, DatagramWriter writer, ByteBuf frame) {
        if (!socket.channel().isWritable()) { // closed; or, through Netty's socket, its outbound queue over the high-water mark
            return DropReason.SEND_FAILED;
        }
        queued++;
        if (length > maxSegment || !sends.segmentation().segments(to)) {
            sendAlone(socket, to, length, writer, frame);
            return null;
        }
        SegmentBatch batch = batchFor(socket, to);
        if (!batch.isOpen() || !batch.fits(length)) {
            emit(batch);
            batch.open(socket, to, socket.channel().alloc().directBuffer(Math.max(length, INITIAL_BATCH_BYTES), SegmentBatch.MAX_BYTES));
        }
        ByteBuf out = batch.buffer();
        int start = out.writerIndex();
        boolean written = false;
        try {
            writer.writeDatagram(out, frame);
            checkLength(length, out.writerIndex() - start);
            written = true;
        } finally {
            if (!written) {
                out.writerIndex(start); // the batch stays as it was, whatever the writer threw
            }
        }
        batch.appended(length);
        return null;
    }

    /** Queues {@code payload} (consumed), a datagram that carries no frame: its failure is only logged. */
    public void sendControl(DataSocket socket, ByteBuf payload, InetSocketAddress to) {
        sends.writeControl(socket, payload, to);
    }

    /** Sends what is collected for {@code socket} now: it is about to close. */
    public void flush(DataSocket socket) {
        for (int i = open.size() - 1; i >= 0; i--) {
            if (open.get(i).socket() == socket) {
                retire(i);
            }
        }
        sends.flush(socket);
    }

    /** Frees the batches still collecting and what the sends hold; once the loop has ended. */
    public void close() {
        for (SegmentBatch batch : open) {
            batch.take().release();
        }
        open.clear();
        sends.close();
    }

    /** Hands every collected batch over and sends everything queued since the last call. */
    public void flushAll() {
        long start = queued == 0 ? 0 : System.nanoTime();
        emitAll();
        sends.flushAll();
        if (queued > 0) {
            sendCostNanos += ((System.nanoTime() - start) / queued - sendCostNanos) / 8;
            queued = 0;
        }
    }

    /** A datagram that cannot be a segment: sent by itself, after what is collected for its recipient (order kept). */
    private void sendAlone(DataSocket socket, InetSocketAddress to, int length, DatagramWriter writer, ByteBuf frame) {
        int earlier = indexOf(socket, to);
        if (earlier >= 0) {
            retire(earlier);
        }
        ByteBuf out = socket.channel().alloc().directBuffer(length);
        try {
            writer.writeDatagram(out, frame);
            checkLength(length, out.readableBytes());
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
        sends.write(socket, out, to, 0, 1);
    }

    private static void checkLength(int promised, int written) {
        if (written != promised) {
            throw new IllegalStateException("a datagram writer wrote " + written + " bytes where it promised " + promised);
        }
    }

    /** The open batch for the recipient, or a new one (empty, not open: the caller opens it). */
    private SegmentBatch batchFor(DataSocket socket, InetSocketAddress to) {
        int found = indexOf(socket, to);
        if (found >= 0) {
            return open.get(found);
        }
        if (open.size() == MAX_OPEN_BATCHES) {
            emitAll();
        }
        SegmentBatch fresh = spare.isEmpty() ? new SegmentBatch() : spare.poll();
        open.add(fresh);
        return fresh;
    }

    /**
     * Where the open batch for the recipient is, or -1. A linear search: a receive batch has few
     * recipients, and a flood's are capped at {@link #MAX_OPEN_BATCHES}.
     */
    private int indexOf(DataSocket socket, InetSocketAddress to) {
        for (int i = 0; i < open.size(); i++) {
            if (open.get(i).isFor(socket, to)) {
                return i;
            }
        }
        return -1;
    }

    /** Emits the batch at {@code index} and takes it out of the open ones (the last one moves into its place). */
    private void retire(int index) {
        SegmentBatch batch = open.get(index);
        emit(batch);
        open.set(index, open.get(open.size() - 1));
        open.remove(open.size() - 1);
        spare.add(batch);
    }

    private void emitAll() {
        for (int i = 0; i < open.size(); i++) {
            emit(open.get(i));
            spare.add(open.get(i));
        }
        open.clear();
    }

    /** Hands the batch's datagrams over and leaves it free for another recipient. */
    private void emit(SegmentBatch batch) {
        if (!batch.isOpen()) {
            return;
        }
        int segments = batch.segments();
        int segmentSize = batch.segmentSize();
        DataSocket socket = batch.socket();
        InetSocketAddress to = batch.recipient();
        ByteBuf content = batch.take();
        if (segments == 0) {
            content.release();
            return;
        }
        if (segments > 1) {
            sends.segmentation().sending(segments);
        }
        sends.write(socket, content, to, segmentSize, segments);
    }
}
