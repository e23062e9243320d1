package io.vnetif.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands finished {@link SegmentBatch}es to their channels and deals with what the kernel says. A
 * segmented send it refuses is not lost: its datagrams are sent again one by one (their failures then
 * count frame by frame, as any datagram's) — after whatever was queued behind it in the same flush,
 * the one case where datagrams for one recipient change order — and when the refusal says the kernel cannot segment for
 * this path (EINVAL: a path MTU below the segment size; EIO, EMSGSIZE; no UDP_SEGMENT at all) the
 * switch stops segmenting. Confined to the data-plane loop.
 */
final class SegmentedSends {
    private static final Logger log = LoggerFactory.getLogger(SegmentedSends.class);
    /** Linux errno values (negated, as Netty reports them) meaning "cannot segment this send". */
    private static final int EIO = -5, EINVAL = -22, EMSGSIZE = -90;

    private boolean enabled;
    private long sends;
    private long datagrams;
    private long resent;

    SegmentedSends(boolean enabled) {
        this.enabled = enabled;
    }

    /** Whether datagrams are still collected into segmented sends. */
    boolean enabled() {
        return enabled;
    }

    /** Segmented sends handed to the kernel. */
    long sends() {
        return sends;
    }

    /** Datagrams in those sends. */
    long datagrams() {
        return datagrams;
    }

    /** Datagrams of refused segmented sends, sent again one by one. */
    long resent() {
        return resent;
    }

    /** Writes the batch to its channel (not flushed) and leaves it free for another recipient. */
    void write(SegmentBatch batch) {
        int segments = batch.segments();
        int segmentSize = batch.segmentSize();
        Channel channel = batch.channel();
        InetSocketAddress to = batch.recipient();
        ByteBuf content = batch.take();
        if (segments == 0) {
            content.release();
            return;
        }
        if (segments == 1) {
            channel.write(new DatagramPacket(content, to), channel.voidPromise()); // a failure reaches DataHandler.exceptionCaught
            return;
        }
        SegmentedDatagramPacket packet = new SegmentedDatagramPacket(content, segmentSize, to);
        sends++;
        datagrams += segments;
        content.retain(); // kept until the outcome is known: a refused send is sent again from it
        channel.write(packet).addListener(f -> {
            try {
                if (!f.isSuccess()) {
                    refused(channel, to, content, segmentSize, segments, f.cause());
                }
            } finally {
                content.release();
            }
        });
    }

    private void refused(Channel channel, InetSocketAddress to, ByteBuf content, int segmentSize, int segments, Throwable cause) {
        if (!channel.isActive()) {
            // Closed meanwhile: nothing can be sent, every frame counts as failed — if the pipeline still
            // has its handler; once a channel is deregistered it has none. That leaves only the switch's
            // shutdown, when nobody reads the books any more: raw-UDP sockets are flushed before they close.
            channel.pipeline().fireExceptionCaught(new SegmentedSendException(segments, cause));
            return;
        }
        if (enabled && cannotSegment(cause)) {
            enabled = false;
            log.warn("the kernel refused a segmented UDP send (GSO) of {} datagrams to {} on {} ({}); sending one datagram "
                    + "per send from now on", segments, HostPort.format(to), channel.localAddress(), cause.toString());
        }
        resent += segments;
        for (int at = content.readerIndex(); at < content.writerIndex(); at += segmentSize) {
            int length = Math.min(segmentSize, content.writerIndex() - at);
            channel.write(new DatagramPacket(content.retainedSlice(at, length), to), channel.voidPromise());
        }
        // This runs while the channel is flushing, which writes nothing on a nested flush: flush once it is done.
        channel.eventLoop().execute(channel::flush);
    }

    private static boolean cannotSegment(Throwable cause) {
        if (cause instanceof UnsupportedOperationException) {
            return true;
        }
        if (cause instanceof Errors.NativeIoException) {
            int errno = ((Errors.NativeIoException) cause).expectedErr();
            return errno == EINVAL || errno == EIO || errno == EMSGSIZE;
        }
        return false;
    }
}
