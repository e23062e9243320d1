package io.vnetif.server.io;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.internal.PlatformDependent;
import io.vnetif.server.io.linux.LinuxCalls;
import io.vnetif.wire.DatagramHeader;

/**
 * The UDP transport of the data plane: Linux epoll with batched receive (recvmmsg) where the native
 * library loads, plain NIO elsewhere. Either way one event-loop thread owns the engine.
 */
public enum DataTransport {
    EPOLL, NIO;

    /**
     * Receive buffer per datagram. Larger than any legal datagram so that an oversized one arrives
     * (truncated, still too large) and is counted as DATAGRAM_TOO_LARGE instead of vanishing.
     */
    public static final int DATAGRAM_BUFFER = Integer.highestOneBit(DatagramHeader.MAX_DATAGRAM_LENGTH) * 2;
    /** Datagrams per recvmmsg call. */
    public static final int BATCH = 32;
    public static final int SOCKET_BUFFER_BYTES = 4 << 20;
    /**
     * Through Netty's channel ({@link NettySends}; direct I/O writes nothing to it and queues nothing
     * beyond the kernel's socket buffer), outgoing datagrams are queued during a receive batch and
     * flushed at its end, so one batch of floods can queue far more than Netty's 64 KiB default before
     * the channel turns unwritable (and deliveries become SEND_FAILED drops): 32 datagrams of 1514 bytes
     * flooded to 64 ports is 3 MiB.
     * Batches collected for segmented sends count only once they are written at the end of the batch
     * (at most {@link DataOutputs#MAX_OPEN_BATCHES} of at most 64 KiB each meanwhile).
     */
    public static final WriteBufferWaterMark QUEUED_OUTPUT = new WriteBufferWaterMark(4 << 20, 16 << 20);

    /** Epoll when available. */
    public static DataTransport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    public EventLoopGroup newLoop(String name) {
        DefaultThreadFactory threads = new DefaultThreadFactory(name, true);
        return new MultiThreadIoEventLoopGroup(1, threads, this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** Whether the kernel can cut one send into many datagrams (UDP GSO, {@code UDP_SEGMENT}) here. */
    public boolean segmentationSupported() {
        return this == EPOLL && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
    }

    /**
     * Whether the switch can read and send datagrams itself ({@link DirectReceiver}, {@link DirectSends})
     * on this transport.
     *
     * @return {@code null} when it can, else why not
     */
    public String directIoUnavailableReason() {
        if (this != EPOLL) {
            return "needs Linux epoll";
        }
        if (!PlatformDependent.hasUnsafe()) {
            return "needs the native addresses of Netty's direct buffers (sun.misc.Unsafe)";
        }
        return LinuxCalls.unavailableReason();
    }

    /** @param directReceive whether a {@link DirectReceiver} reads the sockets (Netty's read then stays off) */
    public Bootstrap bootstrap(EventLoopGroup loop, boolean directReceive) {
        Bootstrap b = new Bootstrap().group(loop)
                .option(ChannelOption.AUTO_READ, !directReceive)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, QUEUED_OUTPUT);
        if (this == EPOLL) {
            return b.channel(EpollDatagramChannel.class)
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DATAGRAM_BUFFER)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_BUFFER * BATCH));
        }
        return b.channel(NioDatagramChannel.class)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_BUFFER));
    }
}
