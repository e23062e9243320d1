package io.vnetif.server.io;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.unix.Errors;
import io.vnetif.server.io.linux.Errno;
import io.vnetif.server.io.linux.LinuxCalls;
import io.vnetif.server.io.linux.MessageVector;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch's own sends: what a receive batch queued for a socket leaves in one {@code sendmmsg(2)}
 * (up to {@value #SLOTS} messages per call), segmented sends carrying their segment size as a
 * {@code UDP_SEGMENT} control message, recipients written from {@link RecipientAddresses} — nothing is
 * allocated per send (Netty's write path makes a packet, a promise and a copy of the address bytes for
 * each). Everything happens in the flush, so the kernel's answer is known at once:
 * <ul>
 * <li>a segmented send it cannot segment (EINVAL, EIO, EMSGSIZE) goes again datagram by datagram at the
 * end of the same flush, and {@link Segmentation} stops segmenting;</li>
 * <li>a full socket buffer (EAGAIN, ENOBUFS) refuses the rest of the socket's queue too: those frames
 * are booked as failed without further calls — the switch queues nothing beyond the kernel's buffer;</li>
 * <li>any other refusal fails that message's frames.</li>
 * </ul>
 * Failed frames are booked with the socket's {@link SendFailures} (given with the {@link DataSocket}, so
 * a closed and deregistered channel still books); a control datagram's failure is only logged.
 * Confined to the data-plane loop.
 */
public final class DirectSends implements DatagramSends {
    private static final Logger log = LoggerFactory.getLogger(DirectSends.class);
    /** Messages per sendmmsg call. */
    static final int SLOTS = 64;

    /** A sender of message vectors; the C library's sendmmsg, or a stand-in in tests. */
    interface Syscall {
        /** @return messages sent, or -1 with the errno in {@link #errno()} */
        int sendmmsg(int fd, long msgvec, int vlen, int flags);

        int errno();
    }

    public static final Syscall LIBC = new Syscall() {
        @Override
        public int sendmmsg(int fd, long msgvec, int vlen, int flags) {
            return LinuxCalls.sendmmsg(fd, msgvec, vlen, flags);
        }

        @Override
        public int errno() {
            return LinuxCalls.errno();
        }
    };

    private final Segmentation segmentation;
    private final Syscall syscall;
    private final MessageVector vector = new MessageVector(SLOTS, true);
    private final RecipientAddresses recipients = new RecipientAddresses();
    private final List<SendQueue> queues = new ArrayList<>();

    public DirectSends(Segmentation segmentation, Syscall syscall) {
        this.segmentation = segmentation;
        this.syscall = syscall;
    }

    @Override
    public Segmentation segmentation() {
        return segmentation;
    }

    @Override
    public void write(DataSocket socket, ByteBuf datagrams, InetSocketAddress to, int segmentSize, int segments) {
        queueOf(socket).add(datagrams, to, segments > 1 ? segmentSize : 0, segments);
    }

    @Override
    public void writeControl(DataSocket socket, ByteBuf payload, InetSocketAddress to) {
        queueOf(socket).add(payload, to, 0, SendQueue.CONTROL);
    }

    @Override
    public void flush(DataSocket socket) {
        for (int i = 0; i < queues.size(); i++) {
            if (queues.get(i).socket == socket) {
                send(queues.get(i));
                queues.remove(i).clear(); // the channel is about to close
                return;
            }
        }
    }

    @Override
    public void flushAll() {
        for (int i = queues.size() - 1; i >= 0; i--) {
            SendQueue queue = queues.get(i);
            if (queue.size > 0) {
                send(queue);
            }
            if (!queue.channel.isOpen()) {
                queues.remove(i).clear();
            }
        }
    }

    private SendQueue queueOf(DataSocket socket) {
        for (int i = 0; i < queues.size(); i++) {
            if (queues.get(i).socket == socket) {
                return queues.get(i);
            }
        }
        SendQueue fresh = new SendQueue(socket);
        queues.add(fresh);
        return fresh;
    }

    /** Sends the queue's messages in order, as many per call as the vector holds, then frees their buffers. */
    private void send(SendQueue queue) {
        int at = 0;
        // A closed channel's descriptor number may already belong to another socket: never send on it.
        if (!queue.channel.isOpen()) {
            failAll(queue, at, Errno.EBADF);
            return;
        }
        while (at < queue.size) {
            int filled = fill(queue, at);
            if (filled == 0) {
                failed(queue, at, Errno.EAFNOSUPPORT);
                at++;
                continue;
            }
            int sent = syscall.sendmmsg(queue.fd, vector.address(), filled, LinuxCalls.MSG_DONTWAIT);
            if (sent > 0) {
                at += sent;
                continue;
            }
            int errno = syscall.errno(); // the first message's error; the ones after it were not tried
            if (errno == Errno.EAGAIN || errno == Errno.ENOBUFS) {
                failAll(queue, at, errno); // the socket's buffer is full: every call until it drains would fail as well
                return;
            }
            if (errno != Errno.EINTR) {
                failed(queue, at, errno);
                at++;
            }
        }
        queue.clear();
    }

    /** Fails the queue's messages from {@code at} on, then frees every buffer of the queue. */
    private void failAll(SendQueue queue, int at, int errno) {
        for (int m = at; m < queue.size; m++) {
            failed(queue, m, errno);
        }
        queue.clear();
    }

    /**
     * Fills the vector from the queue's message {@code at} on.
     *
     * @return the messages filled in; 0 when message {@code at} names a recipient this socket cannot send to
     */
    private int fill(SendQueue queue, int at) {
        int n = Math.min(SLOTS, queue.size - at);
        for (int slot = 0; slot < n; slot++) {
            int m = at + slot;
            int nameLength = recipients.write(queue.recipients[m], queue.ipv6, vector.names(), vector.nameOffset(slot));
            if (nameLength < 0) {
                return slot;
            }
            ByteBuf content = queue.contents[m];
            vector.prepareSend(slot, content.memoryAddress() + content.readerIndex(), content.readableBytes(), nameLength,
                    queue.segmentSizes[m]);
        }
        return n;
    }

    /** Message {@code m} of the queue was refused with {@code errno} (it is freed with the queue). */
    private void failed(SendQueue queue, int m, int errno) {
        Errors.NativeIoException cause = new Errors.NativeIoException("sendmmsg", -errno); // negated, as Netty reports errno
        int segments = queue.segmentCounts[m];
        if (segments == SendQueue.CONTROL) {
            log.debug("control datagram not sent on {}", queue.channel.localAddress(), cause);
        } else if (queue.segmentSizes[m] > 0 && Segmentation.cannotSegment(errno)) {
            // Not lost: its datagrams go again one by one, after the rest (appended to the queue being sent).
            segmentation.refused(segments, queue.recipients[m], queue.channel.localAddress(), cause);
            ByteBuf content = queue.contents[m];
            int segmentSize = queue.segmentSizes[m];
            for (int at = content.readerIndex(); at < content.writerIndex(); at += segmentSize) {
                queue.add(content.retainedSlice(at, Math.min(segmentSize, content.writerIndex() - at)), queue.recipients[m], 0, 1);
            }
        } else {
            queue.failures.sendFailed(segments, cause);
        }
    }

    /** Frees the vector and whatever is still queued; after the loop has ended. */
    @Override
    public void close() {
        for (SendQueue queue : queues) {
            queue.clear();
        }
        queues.clear();
        vector.release();
    }

    /**
     * The messages queued for one socket, in parallel arrays that grow and are reused (no object per
     * message).
     */
    private static final class SendQueue {
        /** The segment count of a datagram that carries no frame. */
        static final int CONTROL = 0;

        final DataSocket socket;
        final Channel channel;
        final int fd;
        final boolean ipv6;
        final SendFailures failures;
        ByteBuf[] contents = new ByteBuf[16];
        InetSocketAddress[] recipients = new InetSocketAddress[16];
        int[] segmentSizes = new int[16];
        int[] segmentCounts = new int[16];
        int size;

        SendQueue(DataSocket socket) {
            this.socket = socket;
            this.channel = socket.channel();
            this.fd = ((EpollDatagramChannel) channel).fd().intValue();
            this.ipv6 = family(fd) == LinuxCalls.AF_INET6;
            this.failures = socket.failures();
        }


        /** The address family of socket {@code fd} (Netty's sockets are IPv6 where the kernel has IPv6). */
        private static int family(int fd) {
            ByteBuf scratch = Unpooled.directBuffer(MessageVector.NAME_BYTES + 4);
            try {
                scratch.setIntLE(MessageVector.NAME_BYTES, MessageVector.NAME_BYTES);
                long base = scratch.memoryAddress();
                if (LinuxCalls.getsockname(fd, base, base + MessageVector.NAME_BYTES) != 0) {
                    return LinuxCalls.AF_INET6; // not a socket any more: its sends fail anyway
                }
                return scratch.getShortLE(0);
            } finally {
                scratch.release();
            }
        }

        void add(ByteBuf content, InetSocketAddress to, int segmentSize, int segments) {
            if (!content.hasMemoryAddress()) { // the kernel reads native memory: never the case for the switch's own buffers
                ByteBuf direct = channel.alloc().directBuffer(content.readableBytes()).writeBytes(content);
                content.release();
                content = direct;
            }
            if (size == contents.length) {
                int grown = size * 2;
                contents = java.util.Arrays.copyOf(contents, grown);
                recipients = java.util.Arrays.copyOf(recipients, grown);
                segmentSizes = java.util.Arrays.copyOf(segmentSizes, grown);
                segmentCounts = java.util.Arrays.copyOf(segmentCounts, grown);
            }
            contents[size] = content;
            recipients[size] = to;
            segmentSizes[size] = segmentSize;
            segmentCounts[size] = segments;
            size++;
        }

        /** Frees the messages' buffers: sent, failed, or their channel gone. */
        void clear() {
            for (int i = 0; i < size; i++) {
                contents[i].release();
                contents[i] = null;
                recipients[i] = null;
            }
            size = 0;
        }
    }
}
