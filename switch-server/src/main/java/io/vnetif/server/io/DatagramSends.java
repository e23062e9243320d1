package io.vnetif.server.io;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * How the data plane's datagrams reach the kernel: queued during a receive batch, sent when
 * {@link DataOutputs} flushes. A frame's send that fails after it was queued is booked with the
 * socket's {@link SendFailures}; a control datagram's failure is only logged. Confined to the
 * data-plane loop.
 */
public interface DatagramSends extends AutoCloseable {
    /** Whether datagrams for one recipient are collected into segmented sends, and what became of those. */
    Segmentation segmentation();

    /**
     * Queues {@code segments} datagrams carrying a frame each, laid end to end in {@code datagrams}
     * (consumed): one datagram when {@code segments} is 1, else a segmented send of {@code segmentSize}
     * bytes per datagram but the last, which may be shorter.
     */
    void write(DataSocket socket, ByteBuf datagrams, InetSocketAddress to, int segmentSize, int segments);

    /** Queues a datagram that carries no frame ({@code payload} is consumed): its failure is not a frame's. */
    void writeControl(DataSocket socket, ByteBuf payload, InetSocketAddress to);

    /** Sends what is queued for {@code socket}: it is about to close. */
    void flush(DataSocket socket);

    /** Sends everything queued. */
    void flushAll();

    /** Frees what the sends hold; called once the loop has ended. */
    @Override
    void close();
}
