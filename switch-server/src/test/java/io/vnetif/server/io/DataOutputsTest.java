package io.vnetif.server.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.vnetif.server.io.linux.Errno;
import io.vnetif.testing.Requirements;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How queued datagrams leave: runs for one recipient as one segmented send, within the kernel's rules, order kept. */
class DataOutputsTest {
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 5001);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 5002);
    /** Off this host: segments must fit a 1500-byte link. */
    private static final InetSocketAddress REMOTE = new InetSocketAddress("198.18.0.7", 4789);

    /** Writes the frame as it is: the datagram is the frame. */
    private static final DataOutputs.DatagramWriter AS_IS = (out, frame) -> out.writeBytes(frame, frame.readerIndex(), frame.readableBytes());

    private final EmbeddedChannel channel = new EmbeddedChannel();
    /** Each channel's socket, one per channel as the switch makes them (batches are kept per socket). */
    private final Map<Channel, DataSocket> sockets = new IdentityHashMap<>();
    private final List<Integer> failedFrames = new ArrayList<>();
    private final DataOutputs outputs = new DataOutputs(new NettySends(new Segmentation(true)));
    private int sequence;

    /** One send as the switch queued it: recipient, segment size (0: a plain datagram), the datagrams in it. */
    record Send(InetSocketAddress to, int segmentSize, List<byte[]> datagrams) {
        int count() {
            return datagrams.size();
        }
    }

    /** Queues a datagram of {@code length} bytes whose first byte numbers it; returns its bytes. */
    @AfterEach
    void noFrameFailed() {
        assertThat(failedFrames).as("frames booked as failed").isEmpty();
    }

    private DataSocket socket(Channel on) {
        return sockets.computeIfAbsent(on, c -> new DataSocket(c, (frames, cause) -> failedFrames.add(frames)));
    }

    private byte[] queue(InetSocketAddress to, int length) {
        return queue(channel, to, length);
    }

    private byte[] queue(EmbeddedChannel on, InetSocketAddress to, int length) {
        byte[] datagram = new byte[length];
        datagram[0] = (byte) sequence++;
        datagram[length - 1] = (byte) length;
        assertThat(outputs.send(socket(on), to, DataOutputs.maxSegment(to.getAddress()), length, AS_IS, Unpooled.wrappedBuffer(datagram))).isNull();
        return datagram;
    }

    private List<Send> flushed() {
        outputs.flushAll();
        List<Send> sends = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            DatagramPacket packet = (DatagramPacket) message;
            ByteBuf content = packet.content();
            int segment = packet instanceof SegmentedDatagramPacket ? ((SegmentedDatagramPacket) packet).segmentSize() : 0;
            List<byte[]> datagrams = new ArrayList<>();
            do {
                datagrams.add(ByteBufUtil.getBytes(content.readSlice(segment == 0 ? content.readableBytes() : Math.min(segment, content.readableBytes()))));
            } while (content.isReadable());
            sends.add(new Send(packet.recipient(), segment, datagrams));
            packet.release();
        }
        return sends;
    }

    @Test
    void aRunForOneRecipientLeavesAsOneSegmentedSend() {
        List<byte[]> run = List.of(queue(A, 100), queue(A, 100), queue(A, 100), queue(A, 100));
        List<Send> sends = flushed();
        assertThat(sends).hasSize(1);
        assertThat(sends.get(0).to()).isEqualTo(A);
        assertThat(sends.get(0).segmentSize()).isEqualTo(100);
        assertThat(sends.get(0).datagrams()).containsExactlyElementsOf(run);
    }

    @Test
    void aShorterDatagramEndsTheRunAndALongerOneStartsANewOne() {
        byte[] a1 = queue(A, 100), a2 = queue(A, 100), shorter = queue(A, 60), after = queue(A, 100), longer = queue(A, 200);
        List<Send> sends = flushed();
        assertThat(sends).extracting(Send::segmentSize).containsExactly(100, 0, 0);
        assertThat(sends.get(0).datagrams()).containsExactly(a1, a2, shorter);
        assertThat(sends.get(1).datagrams()).containsExactly(after);
        assertThat(sends.get(2).datagrams()).containsExactly(longer);
    }

    @Test
    void interleavedRecipientsEachGetTheirOwnRunInOrder() {
        byte[] a1 = queue(A, 80), b1 = queue(B, 90), a2 = queue(A, 80), b2 = queue(B, 90), a3 = queue(A, 80);
        List<Send> sends = flushed();
        assertThat(sends).hasSize(2);
        Send toA = sends.stream().filter(s -> s.to().equals(A)).findFirst().orElseThrow();
        Send toB = sends.stream().filter(s -> s.to().equals(B)).findFirst().orElseThrow();
        assertThat(toA.datagrams()).containsExactly(a1, a2, a3);
        assertThat(toB.datagrams()).containsExactly(b1, b2);
    }

    @Test
    void offThisHostADatagramLongerThanALinkCanCarryLeavesAloneAfterWhatCameBefore() {
        byte[] small1 = queue(REMOTE, 1472), small2 = queue(REMOTE, 1472), big = queue(REMOTE, DataOutputs.MAX_SEGMENT_IPV4 + 1);
        byte[] next = queue(REMOTE, 1472);
        List<Send> sends = flushed();
        assertThat(sends).extracting(Send::segmentSize).containsExactly(1472, 0, 0);
        assertThat(sends.get(0).datagrams()).containsExactly(small1, small2);
        assertThat(sends.get(1).datagrams()).containsExactly(big);
        assertThat(sends.get(2).datagrams()).containsExactly(next);
    }

    @Test
    void aSendCarriesAtMostTheKernelsSegmentsAndBytes() {
        for (int i = 0; i < SegmentBatch.MAX_SEGMENTS + 6; i++) {
            queue(A, 10);
        }
        assertThat(flushed()).extracting(Send::count).containsExactly(SegmentBatch.MAX_SEGMENTS, 6);

        int length = 1400; // 46 of them fit 65 507 bytes, 47 do not
        for (int i = 0; i < 50; i++) {
            queue(A, length);
        }
        List<Send> sends = flushed();
        assertThat(sends).extracting(Send::count).containsExactly(SegmentBatch.MAX_BYTES / length, 50 - SegmentBatch.MAX_BYTES / length);
    }

    @Test
    void withoutSegmentationEveryDatagramLeavesAlone() {
        DataOutputs plain = new DataOutputs(new NettySends(new Segmentation(false)));
        for (int i = 0; i < 3; i++) {
            plain.send(socket(channel), A, DataOutputs.MAX_SEGMENT_LOOPBACK, 50, AS_IS, Unpooled.wrappedBuffer(new byte[50]));
        }
        plain.flushAll();
        assertThat(channel.outboundMessages()).hasSize(3).allMatch(m -> !(m instanceof SegmentedDatagramPacket));
        channel.releaseOutbound();
    }

    @Test
    void aWriterThatFailsLeavesTheRunAsItWas() {
        byte[] a1 = queue(A, 100);
        DataOutputs.DatagramWriter failing = (out, frame) -> {
            out.writeBytes(new byte[30]);
            throw new IllegalStateException("cipher refused");
        };
        assertThatThrownBy(() -> outputs.send(socket(channel), A, DataOutputs.MAX_SEGMENT_LOOPBACK, 100, failing, Unpooled.EMPTY_BUFFER)).hasMessage("cipher refused");
        byte[] a2 = queue(A, 100);
        List<Send> sends = flushed();
        assertThat(sends).hasSize(1);
        assertThat(sends.get(0).datagrams()).containsExactly(a1, a2);
    }

    /**
     * A socket whose kernel refuses every segmented send with {@code errno}, as epoll reports it while
     * flushing (the write fails inside the flush); everything else goes through.
     */
    private static final class RefusingSocket extends EmbeddedChannel {
        private final int errno;

        RefusingSocket(int errno, ChannelHandler... handlers) {
            super(handlers);
            // Netty's native errors need its epoll library, loaded by this check; CI runs on Linux and must run these.
            if (!Epoll.isAvailable()) {
                Requirements.unmet("the kernel's refusals are Netty epoll exceptions, which need Netty epoll (Linux): "
                        + Epoll.unavailabilityCause());
            }
            this.errno = errno;
        }

        @Override
        protected void doWrite(ChannelOutboundBuffer in) {
            Object msg;
            while ((msg = in.current()) != null) {
                if (msg instanceof SegmentedDatagramPacket) {
                    in.remove(new Errors.NativeIoException("sendmmsg", errno));
                } else {
                    ReferenceCountUtil.retain(msg);
                    handleOutboundMessage(msg);
                    in.remove();
                }
            }
        }
    }

    private static List<byte[]> sentBy(EmbeddedChannel socket) {
        List<byte[]> sent = new ArrayList<>();
        DatagramPacket p;
        while ((p = socket.readOutbound()) != null) {
            sent.add(ByteBufUtil.getBytes(p.content()));
            p.release();
        }
        return sent;
    }

    @Test
    void aSendTheKernelCannotSegmentGoesAgainDatagramByDatagramAfterTheFlushAndSegmentingStopsForThatRecipient() {
        RefusingSocket socket = new RefusingSocket(-Errno.EINVAL); // a path MTU below the segment size (negated, as Netty reports it)
        byte[] a1 = queue(socket, REMOTE, 1472), a2 = queue(socket, REMOTE, 1472), alone = queue(socket, REMOTE, 1473);

        outputs.flushAll();
        socket.runPendingTasks();
        assertThat(sentBy(socket)).as("what was queued behind the refused send, then its datagrams in order").containsExactly(alone, a1, a2);
        assertThat(outputs.segmentation().segments(REMOTE)).isFalse();
        assertThat(outputs.segmentation().enabled()).as("on for every other recipient").isTrue();
        assertThat(outputs.segmentation().resent()).isEqualTo(2);

        byte[] b1 = queue(socket, REMOTE, 100), b2 = queue(socket, REMOTE, 100);
        outputs.flushAll();
        assertThat(sentBy(socket)).containsExactly(b1, b2);
        assertThat(outputs.segmentation().sends()).as("no segmented send to it after the refusal").isEqualTo(1);
    }

    @Test
    void aSendRefusedForAnotherReasonGoesAgainDatagramByDatagramButSegmentingGoesOn() {
        RefusingSocket socket = new RefusingSocket(-Errno.ENETUNREACH);
        List<byte[]> run = List.of(queue(socket, A, 100), queue(socket, A, 100), queue(socket, A, 100));
        outputs.flushAll();
        socket.runPendingTasks();
        assertThat(sentBy(socket)).containsExactlyElementsOf(run);
        assertThat(outputs.segmentation().enabled()).isTrue();
    }

    @Test
    void aSocketAboutToCloseGetsWhatWasCollectedForItAtOnce() {
        EmbeddedChannel other = new EmbeddedChannel();
        queue(A, 100);
        queue(A, 100);
        outputs.send(socket(other), B, DataOutputs.MAX_SEGMENT_LOOPBACK, 10, AS_IS, Unpooled.wrappedBuffer(new byte[10]));
        outputs.flush(socket(channel));
        assertThat(channel.outboundMessages()).singleElement().isInstanceOf(SegmentedDatagramPacket.class);
        assertThat(other.outboundMessages()).isEmpty();
        outputs.flushAll();
        assertThat(other.outboundMessages()).hasSize(1);
        other.releaseOutbound();
        channel.releaseOutbound();
    }

    @Test
    void aWriterThatWritesAnotherLengthThanItPromisedIsRefusedAndLeavesTheRunAsItWas() {
        byte[] a1 = queue(A, 100);
        assertThatThrownBy(() -> outputs.send(socket(channel), A, DataOutputs.MAX_SEGMENT_LOOPBACK, 90, AS_IS, Unpooled.wrappedBuffer(new byte[100])))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("wrote 100 bytes where it promised 90");
        byte[] a2 = queue(A, 100);
        assertThat(flushed()).singleElement().extracting(Send::datagrams).asList().containsExactly(a1, a2);
    }

    @Test
    void overIpv6OffThisHostSegmentsAreAtMost1452Bytes() {
        InetSocketAddress v6 = new InetSocketAddress("2001:db8::7", 4789);
        queue(v6, DataOutputs.MAX_SEGMENT_IPV6);
        queue(v6, DataOutputs.MAX_SEGMENT_IPV6);
        queue(v6, DataOutputs.MAX_SEGMENT_IPV6 + 1);
        assertThat(flushed()).extracting(Send::segmentSize).containsExactly(DataOutputs.MAX_SEGMENT_IPV6, 0);
    }
}
