package io.vnetif.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * How the data plane's datagrams reach the kernel: queued during a receive batch, sent when
 * {@link DataOutputs} flushes. A frame's send that fails after it was queued is booked through its
 * channel's pipeline ({@link DataHandler#exceptionCaught}); a control datagram's failure is only logged.
 * Confined to the data-plane loop.
 */
interface DatagramSends {
    /** Whether datagrams for one recipient are collected into segmented sends, and what became of those. */
    Segmentation segmentation();

    /** Queues the datagrams collected in {@code batch} (its buffer is taken; the batch is free again after). */
    void write(SegmentBatch batch);

    /** Queues one datagram carrying a frame ({@code datagram} is consumed). */
    void write(Channel channel, ByteBuf datagram, InetSocketAddress to);

    /** Queues a datagram that carries no frame ({@code payload} is consumed): its failure is not a frame's. */
    void writeControl(Channel channel, ByteBuf payload, InetSocketAddress to);

    /** Sends what is queued for {@code channel}: it is about to close. */
    void flush(Channel channel);

    /** Sends everything queued. */
    void flushAll();
}
