package io.vnetif.server.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.Errors;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.PlatformDependent;
import io.vnetif.server.io.linux.Errno;
import io.vnetif.server.io.linux.MessageVector;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The switch's own sendmmsg on a real socket (bound by Netty, never written by it), received by plain JDK sockets. */
class DirectSendsTest {

    private DirectIoSocket bound;
    private EventLoopGroup loop;
    private DataSocket socket;
    /** Frames booked as failed, a record per booking: what DataHandler does with them is tested with the switch. */
    private final List<Booked> booked = new CopyOnWriteArrayList<>();

    record Booked(int frames, int errno) {
    }

    /** Stands where the socket's handler stands: it books the socket's failed sends (and sits in its pipeline). */
    private final class Books extends ChannelInboundHandlerAdapter implements SendFailures {
        @Override
        public void sendFailed(int frames, Throwable cause) {
            booked.add(new Booked(frames, -((Errors.NativeIoException) cause).expectedErr()));
        }
    }
    private final DatagramSocket peerA = receiver(), peerB = receiver();
    private final Segmentation segmentation = new Segmentation(true);
    /** Refuses the first message of a call when the predicate holds for its segment size (0: none), like the kernel would. */
    private IntPredicate refuse = segmentSize -> false;
    private int refusalErrno;
    private final List<Integer> callSizes = new ArrayList<>();
    private DirectSends sends;

    private static DatagramSocket receiver() {
        try {
            DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            s.setSoTimeout(5_000);
            s.setReceiveBufferSize(4 << 20);
            return s;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** sendmmsg that refuses as told: messages before the first refused one are really sent. */
    private final DirectSends.Syscall syscall = new DirectSends.Syscall() {
        private int errno;

        @Override
        public int sendmmsg(int fd, long msgvec, int vlen, int flags) {
            callSizes.add(vlen);
            for (int i = 0; i < vlen; i++) {
                long header = msgvec + (long) i * MessageVector.MMSGHDR_BYTES;
                long control = PlatformDependent.getLong(header + 32);
                int segmentSize = control == 0 ? 0 : PlatformDependent.getShort(control + 16) & 0xFFFF;
                if (refuse.test(segmentSize)) {
                    if (i == 0) {
                        errno = refusalErrno;
                        return -1;
                    }
                    return sendReally(fd, msgvec, i, flags);
                }
            }
            return sendReally(fd, msgvec, vlen, flags);
        }

        private int sendReally(int fd, long msgvec, int vlen, int flags) {
            int sent = DirectSends.LIBC.sendmmsg(fd, msgvec, vlen, flags);
            errno = DirectSends.LIBC.errno();
            return sent;
        }

        @Override
        public int errno() {
            return errno;
        }
    };

    @BeforeEach
    void open() throws Exception {
        Books books = new Books();
        bound = DirectIoSocket.bind(books);
        loop = bound.loop;
        socket = new DataSocket(bound.channel, books);
        sends = new DirectSends(segmentation, syscall);
    }

    @AfterEach
    void close() throws Exception {
        peerA.close();
        peerB.close();
        if (bound != null) {
            bound.close();
        }
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(10, TimeUnit.SECONDS);
    }

    private static InetSocketAddress at(DatagramSocket peer) {
        return (InetSocketAddress) peer.getLocalSocketAddress();
    }

    private static byte[] datagram(int length, int mark) {
        byte[] d = new byte[length];
        Arrays.fill(d, (byte) mark);
        d[0] = (byte) mark;
        d[length - 1] = (byte) length;
        return d;
    }

    /** {@code datagrams} for {@code to}, all as long as the first but the last, as one segmented send. */
    private void queueBatch(InetSocketAddress to, byte[]... datagrams) {
        ByteBuf run = socket.channel().alloc().directBuffer(SegmentBatch.MAX_BYTES);
        for (byte[] d : datagrams) {
            run.writeBytes(d);
        }
        sends.write(socket, run, to, datagrams[0].length, datagrams.length);
    }

    private void queueSingle(InetSocketAddress to, byte[] d) {
        sends.write(socket, socket.channel().alloc().directBuffer(d.length).writeBytes(d), to, 0, 1);
    }

    private static byte[] receive(DatagramSocket peer) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
        peer.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    @Test
    void runsLeaveAsSegmentedSendsAndArriveDatagramByDatagramInOrder() throws Exception {
        byte[] a1 = datagram(1000, 1), a2 = datagram(1000, 2), a3 = datagram(300, 3), b1 = datagram(64, 4), a4 = datagram(70, 5);
        onLoop(() -> {
            queueBatch(at(peerA), a1, a2, a3);
            queueBatch(at(peerB), b1);
            queueSingle(at(peerA), a4);
            sends.flushAll();
            return null;
        });
        assertThat(receive(peerA)).isEqualTo(a1);
        assertThat(receive(peerA)).isEqualTo(a2);
        assertThat(receive(peerA)).isEqualTo(a3);
        assertThat(receive(peerA)).isEqualTo(a4);
        assertThat(receive(peerB)).isEqualTo(b1);
        assertThat(callSizes).as("one sendmmsg for the three messages").containsExactly(3);
        assertThat(booked).isEmpty();
    }

    @Test
    void moreMessagesThanTheVectorHoldsGoInSeveralCalls() throws Exception {
        int count = DirectSends.SLOTS + 10;
        onLoop(() -> {
            for (int i = 0; i < count; i++) {
                queueSingle(at(peerA), datagram(100, i));
            }
            sends.flushAll();
            return null;
        });
        for (int i = 0; i < count; i++) {
            assertThat(receive(peerA)[0]).isEqualTo((byte) i);
        }
        assertThat(callSizes).containsExactly(DirectSends.SLOTS, 10);
    }

    @Test
    void aSendTheKernelCannotSegmentGoesAgainDatagramByDatagramAfterTheRestAndSegmentingStopsForThatRecipient() throws Exception {
        refuse = segmentSize -> segmentSize > 0;
        refusalErrno = Errno.EINVAL;
        byte[] a1 = datagram(500, 1), a2 = datagram(500, 2), b1 = datagram(80, 3);
        onLoop(() -> {
            queueBatch(at(peerA), a1, a2);
            queueBatch(at(peerB), b1);
            sends.flushAll();
            return null;
        });
        assertThat(receive(peerB)).isEqualTo(b1);
        assertThat(receive(peerA)).isEqualTo(a1);
        assertThat(receive(peerA)).isEqualTo(a2);
        assertThat(segmentation.segments(at(peerA))).isFalse();
        assertThat(segmentation.resent()).isEqualTo(2);
        assertThat(booked).as("nothing lost").isEmpty();
    }

    /**
     * One port's endpoint the kernel will not segment for (port 0 was one: EINVAL) must not cost every
     * other port its segmented sends: the refusal is about that recipient.
     */
    @Test
    void aRecipientTheKernelCannotSegmentForLeavesSegmentingOnForTheOthers() throws Exception {
        refuse = segmentSize -> segmentSize == 500;
        refusalErrno = Errno.EINVAL;
        byte[] a1 = datagram(500, 1), a2 = datagram(500, 2), b1 = datagram(80, 3), b2 = datagram(80, 4);
        onLoop(() -> {
            queueBatch(at(peerA), a1, a2);
            queueBatch(at(peerB), b1, b2);
            sends.flushAll();
            return null;
        });
        assertThat(receive(peerB)).isEqualTo(b1);
        assertThat(receive(peerB)).isEqualTo(b2);
        assertThat(receive(peerA)).isEqualTo(a1);
        assertThat(receive(peerA)).isEqualTo(a2);
        assertThat(segmentation.enabled()).as("segmenting goes on for the switch").isTrue();
        assertThat(segmentation.resent()).isEqualTo(2);
        assertThat(booked).isEmpty();
    }

    /** Refused for what the datagrams would be refused for one by one as well: its frames fail, once each. */
    @Test
    void aSegmentedSendRefusedForAnotherReasonFailsItsFramesAndSegmentingGoesOn() throws Exception {
        refuse = segmentSize -> segmentSize > 0;
        refusalErrno = Errno.ENETUNREACH;
        byte[] b1 = datagram(80, 3);
        onLoop(() -> {
            queueBatch(at(peerA), datagram(200, 1), datagram(200, 2));
            queueSingle(at(peerB), b1);
            sends.flushAll();
            return null;
        });
        assertThat(receive(peerB)).as("the message after it still goes").isEqualTo(b1);
        assertThat(booked).containsExactly(new Booked(2, Errno.ENETUNREACH));
        assertThat(segmentation.enabled()).isTrue();
        assertThat(segmentation.resent()).isZero();
    }

    /**
     * A full socket buffer refuses the socket's whole queue: every frame of it is booked, without a call
     * per message; the switch queues nothing beyond the kernel. The next flush sends again.
     */
    @Test
    void aFullSocketBufferFailsTheRestOfTheQueueAtOnce() throws Exception {
        refuse = segmentSize -> true;
        refusalErrno = Errno.EAGAIN;
        byte[] after = datagram(90, 7);
        onLoop(() -> {
            queueSingle(at(peerA), datagram(90, 6));
            queueBatch(at(peerB), datagram(90, 1), datagram(90, 2), datagram(90, 3));
            queueSingle(at(peerA), datagram(90, 8));
            sends.flushAll();
            refuse = segmentSize -> false;
            return null;
        });
        assertThat(booked).containsExactly(new Booked(1, Errno.EAGAIN), new Booked(3, Errno.EAGAIN), new Booked(1, Errno.EAGAIN));
        assertThat(callSizes).as("one refused call").containsExactly(3);
        onLoop(() -> {
            queueSingle(at(peerA), after);
            sends.flushAll();
            return null;
        });
        assertThat(receive(peerA)).isEqualTo(after);
    }

    @Test
    void aControlDatagramsFailureIsNotAFramesFailure() throws Exception {
        refuse = segmentSize -> true;
        refusalErrno = Errno.EAGAIN;
        onLoop(() -> {
            sends.writeControl(socket, socket.channel().alloc().directBuffer(16).writeZero(16), at(peerA));
            sends.flushAll();
            return null;
        });
        assertThat(booked).isEmpty();
    }

    @Test
    void whatWasQueuedForASocketThatClosedFailsWithoutASend() throws Exception {
        onLoop(() -> {
            queueBatch(at(peerA), datagram(100, 1), datagram(100, 2), datagram(100, 3));
            queueSingle(at(peerA), datagram(100, 4));
            socket.channel().close();
            sends.flushAll();
            return null;
        });
        assertThat(callSizes).as("no call on a descriptor that may be another socket's now").isEmpty();
        assertThat(booked).as("booked although the channel left its loop").containsExactly(new Booked(3, 9), new Booked(1, 9));
    }

    @Test
    void flushingOneSocketSendsItsQueueAndNothingElse() throws Exception {
        Books books = new Books();
        DataSocket other = new DataSocket(DirectIoSocket.another(loop, books), books);
        try {
            byte[] mine = datagram(50, 1);
            onLoop(() -> {
                sends.write(other, other.channel().alloc().directBuffer(10).writeZero(10), at(peerB), 0, 1);
                queueSingle(at(peerA), mine);
                sends.flush(socket);
                return null;
            });
            assertThat(receive(peerA)).isEqualTo(mine);
            assertThat(callSizes).containsExactly(1);
            onLoop(() -> {
                sends.flushAll();
                return null;
            });
            assertThat(receive(peerB)).hasSize(10);
        } finally {
            other.channel().close().sync();
        }
    }

    /**
     * Once warm, queueing and sending (a segmented run and a single) allocates nothing on the loop. Netty's
     * leak detector is off meanwhile: it tracks one buffer in 128 with a record of its own, whoever sends it.
     */
    @Test
    void steadySendingAllocatesNothing() throws Exception {
        ResourceLeakDetector.Level leakDetection = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        try {
            measureSteadySending();
        } finally {
            ResourceLeakDetector.setLevel(leakDetection);
        }
    }

    private void measureSteadySending() throws Exception {
        sends = new DirectSends(segmentation, DirectSends.LIBC); // the recording stand-in allocates as it records
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] d = datagram(64, 1);
        InetSocketAddress to = at(peerA);
        long allocated = 0;
        int messages = 0;
        for (int round = 0; round < 3_000; round++) {
            long bytes = onLoop(() -> {
                ByteBuf run = socket.channel().alloc().directBuffer(4 * 64).writeBytes(d).writeBytes(d).writeBytes(d).writeBytes(d);
                ByteBuf single = socket.channel().alloc().directBuffer(64).writeBytes(d);
                long before = threads.getCurrentThreadAllocatedBytes();
                sends.write(socket, run, to, 64, 4);
                sends.write(socket, single, to, 0, 1);
                sends.flushAll();
                return threads.getCurrentThreadAllocatedBytes() - before;
            });
            for (int i = 0; i < 5; i++) {
                receive(peerA);
            }
            if (round >= 2_000) {
                allocated += bytes;
                messages += 2;
            }
        }
        assertThat(booked).isEmpty();
        assertThat(allocated).as("bytes allocated sending %d messages", messages).isLessThan(messages);
    }
}
