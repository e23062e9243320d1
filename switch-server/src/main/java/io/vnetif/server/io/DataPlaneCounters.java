package io.vnetif.server.io;

import io.netty.channel.EventLoopGroup;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What the data plane did since the switch started, beside the frame counters: how datagrams were read
 * and sent, and how many heap bytes the data-plane thread allocated — the figure that shows whether
 * steady forwarding allocates per frame. Read on the data-plane loop (its counters are confined there).
 */
public final class DataPlaneCounters {
    private final BatchReader reader;
    private final Segmentation segmented;
    private final long loopThreadId;

    private DataPlaneCounters(BatchReader reader, Segmentation segmented, long loopThreadId) {
        this.reader = reader;
        this.segmented = segmented;
        this.loopThreadId = loopThreadId;
    }

    /** @param reader the direct reader, or {@code null} when Netty reads (and sends) */
    public static DataPlaneCounters of(EventLoopGroup loop, BatchReader reader, Segmentation segmented) {
        long threadId = loop.submit(() -> Thread.currentThread().getId()).syncUninterruptibly().getNow();
        return new DataPlaneCounters(reader, segmented, threadId);
    }

    /** Whether the switch reads and sends datagrams itself (the reader exists exactly then). */
    public boolean directIo() {
        return reader != null;
    }

    /** recvmmsg calls that returned datagrams (0 when Netty reads). */
    public long receiveBatches() {
        return reader == null ? 0 : reader.batches();
    }

    /** Datagrams those calls returned (0 when Netty reads). */
    public long receivedDatagrams() {
        return reader == null ? 0 : reader.datagrams();
    }

    /** Received datagrams whose sender was not in the address cache (each cost an address object; 0 when Netty reads). */
    public long senderMisses() {
        return reader == null ? 0 : reader.senderMisses();
    }

    public Segmentation segmented() {
        return segmented;
    }

    /** Heap bytes the data-plane thread allocated since it started, or -1 where the JVM cannot tell. */
    public long loopAllocatedBytes() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads instanceof com.sun.management.ThreadMXBean) {
            com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) threads;
            if (hotspot.isThreadAllocatedMemorySupported() && hotspot.isThreadAllocatedMemoryEnabled()) {
                return hotspot.getThreadAllocatedBytes(loopThreadId);
            }
        }
        return -1;
    }
}
