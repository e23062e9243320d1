package io.vnetif.server.io;

import io.netty.buffer.ByteBuf;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * Datagrams for one recipient on one socket, laid end to end in one buffer so the kernel can cut them
 * apart again (UDP generic segmentation offload, {@code UDP_SEGMENT}): one send and one trip through the
 * stack for up to {@link #MAX_SEGMENTS} datagrams. The kernel's rule shapes what may join: every
 * datagram as long as the first except the last, which may be shorter and so closes the batch.
 * Reused for one recipient after another; confined to the data-plane loop.
 */
final class SegmentBatch {
    /** The kernel's limit of segments per send (UDP_MAX_SEGMENTS in Linux 5.x; later kernels allow more). */
    static final int MAX_SEGMENTS = 64;
    /** Payload bytes of one UDP datagram over IPv4 (65535 less the IP and UDP headers). */
    static final int MAX_BYTES = 65_507;

    private DataSocket socket;
    private InetSocketAddress recipient;
    private ByteBuf buffer;
    private int segmentSize;
    private int segments;
    private boolean closed;

    /** Starts collecting for {@code recipient} on {@code socket} into {@code empty}, which it now owns. */
    void open(DataSocket on, InetSocketAddress to, ByteBuf empty) {
        this.socket = on;
        this.recipient = to;
        this.buffer = empty;
        this.segmentSize = 0;
        this.segments = 0;
        this.closed = false;
    }

    boolean isOpen() {
        return buffer != null;
    }

    /** Whether this batch collects for {@code to} on {@code on}. */
    boolean isFor(DataSocket on, InetSocketAddress to) {
        return buffer != null && socket == on && (recipient == to || recipient.equals(to) && sameScope(recipient, to));
    }

    /** {@code Inet6Address.equals} ignores the scope: fe80::1%eth0 and fe80::1%eth1 are different recipients. */
    private static boolean sameScope(InetSocketAddress a, InetSocketAddress b) {
        return !(a.getAddress() instanceof Inet6Address) || ((Inet6Address) a.getAddress()).getScopeId() == ((Inet6Address) b.getAddress()).getScopeId();
    }

    /** Whether a datagram of {@code length} bytes may still join. */
    boolean fits(int length) {
        if (segments == 0) {
            return true;
        }
        return !closed && length <= segmentSize && segments < MAX_SEGMENTS && buffer.writerIndex() + length <= MAX_BYTES;
    }

    /** The buffer the next datagram is written to, at its writer index. */
    ByteBuf buffer() {
        return buffer;
    }

    /** Records that a datagram of {@code length} bytes was appended to {@link #buffer()}. */
    void appended(int length) {
        if (segments == 0) {
            segmentSize = length;
        } else if (length < segmentSize) {
            closed = true; // only the last segment may be shorter
        }
        segments++;
    }

    DataSocket socket() {
        return socket;
    }

    InetSocketAddress recipient() {
        return recipient;
    }

    int segments() {
        return segments;
    }

    int segmentSize() {
        return segmentSize;
    }

    /** Hands the buffer over (the caller sends or frees it) and leaves the batch free for another recipient. */
    ByteBuf take() {
        ByteBuf taken = buffer;
        buffer = null;
        socket = null;
        recipient = null;
        return taken;
    }
}
