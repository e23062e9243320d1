package io.vnetif.server.io.linux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A {@code struct mmsghdr} array for {@code recvmmsg(2)} and {@code sendmmsg(2)}, in native memory: per
 * slot one message header, one {@code iovec} (the slot's datagram), room for a {@code sockaddr_in6}
 * (the sender received, or the recipient to send to) and, for sends, room for one control message (the
 * segment size of a segmented send). Layouts are those of LP64 Linux, in native (little-endian) order:
 * <pre>
 * struct mmsghdr (64 bytes)                    struct iovec (16 bytes)
 *   0  void *msg_name        → name slot         0  void  *iov_base
 *   8  socklen_t msg_namelen (its length)        8  size_t iov_len
 *  16  struct iovec *msg_iov → iovec slot
 *  24  size_t msg_iovlen = 1                   struct cmsghdr + data (24 bytes, CMSG_SPACE(2))
 *  32  void *msg_control                         0  size_t cmsg_len = CMSG_LEN(2) = 18
 *  40  size_t msg_controllen                     8  int cmsg_level = SOL_UDP
 *  48  int msg_flags (not read: a received        12  int cmsg_type = UDP_SEGMENT
 *      datagram longer than its slot arrives      16  uint16_t segment size
 *      cut to the slot, still longer than any
 *      legal one, and is counted as too large)
 *  56  unsigned int msg_len  (bytes received or sent)
 * </pre>
 * Confined to the data-plane loop.
 */
public final class MessageVector {
    public static final int MMSGHDR_BYTES = 64;
    static final int IOVEC_BYTES = 16;
    /** Room for a {@code sockaddr_in6} (28 bytes), rounded up. */
    public static final int NAME_BYTES = 32;
    /** {@code CMSG_SPACE(sizeof(uint16_t))}: one UDP_SEGMENT control message. */
    static final int SEGMENT_CONTROL_BYTES = 24;
    private static final int SOCKADDR_IN6_BYTES = 28;
    private static final int SOL_UDP = 17;
    private static final int UDP_SEGMENT = 103;
    private static final int CMSG_LEN_SEGMENT = 16 + 2;

    private static final int MSG_NAME = 0;
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_CONTROL = 32;
    private static final int MSG_CONTROLLEN = 40;
    private static final int MSG_LEN = 56;
    private static final int IOV_BASE = 0;
    private static final int IOV_LEN = 8;

    private final int slots;
    private final ByteBuf memory;
    private final int iovecs;
    private final int names;
    private final int controls;

    /** @param segmentControl whether slots get room for a UDP_SEGMENT control message (sends) */
    public MessageVector(int slots, boolean segmentControl) {
        this.slots = slots;
        this.iovecs = slots * MMSGHDR_BYTES;
        this.names = iovecs + slots * IOVEC_BYTES;
        this.controls = names + slots * NAME_BYTES;
        this.memory = Unpooled.directBuffer(controls + (segmentControl ? slots * SEGMENT_CONTROL_BYTES : 0));
        if (!memory.hasMemoryAddress()) {
            memory.release();
            throw new IllegalStateException("Netty cannot tell the address of a direct buffer here");
        }
        memory.setZero(0, memory.capacity());
        long base = memory.memoryAddress();
        for (int i = 0; i < slots; i++) {
            int header = i * MMSGHDR_BYTES;
            memory.setLongLE(header + MSG_NAME, base + nameOffset(i));
            memory.setLongLE(header + MSG_IOV, base + iovecs + (long) i * IOVEC_BYTES);
            memory.setLongLE(header + MSG_IOVLEN, 1);
            if (segmentControl) {
                int control = controls + i * SEGMENT_CONTROL_BYTES;
                memory.setLongLE(control, CMSG_LEN_SEGMENT);
                memory.setIntLE(control + 8, SOL_UDP);
                memory.setIntLE(control + 12, UDP_SEGMENT);
            }
        }
    }

    public int slots() {
        return slots;
    }

    /** The address of the {@code mmsghdr} array, for {@code recvmmsg} and {@code sendmmsg}. */
    public long address() {
        return memory.memoryAddress();
    }

    /** Points slot {@code i} at {@code length} bytes from {@code bufferAddress} to receive into, with room for the sender again. */
    public void prepareReceive(int i, long bufferAddress, int length) {
        point(i, bufferAddress, length);
        memory.setIntLE(i * MMSGHDR_BYTES + MSG_NAMELEN, SOCKADDR_IN6_BYTES); // the kernel left the last sender's length here
    }

    /**
     * Points slot {@code i} at the {@code length} bytes from {@code bufferAddress} to send to the recipient
     * written at {@link #nameOffset}{@code (i)} ({@code nameLength} bytes), cut by the kernel into
     * segments of {@code segmentSize} bytes unless that is 0.
     */
    public void prepareSend(int i, long bufferAddress, int length, int nameLength, int segmentSize) {
        point(i, bufferAddress, length);
        int header = i * MMSGHDR_BYTES;
        memory.setIntLE(header + MSG_NAMELEN, nameLength);
        if (segmentSize > 0) {
            int control = controls + i * SEGMENT_CONTROL_BYTES;
            memory.setShortLE(control + 16, segmentSize);
            memory.setLongLE(header + MSG_CONTROL, memory.memoryAddress() + control);
            memory.setLongLE(header + MSG_CONTROLLEN, SEGMENT_CONTROL_BYTES);
        } else {
            memory.setLongLE(header + MSG_CONTROL, 0);
            memory.setLongLE(header + MSG_CONTROLLEN, 0);
        }
    }

    private void point(int i, long bufferAddress, int length) {
        int iovec = iovecs + i * IOVEC_BYTES;
        memory.setLongLE(iovec + IOV_BASE, bufferAddress);
        memory.setLongLE(iovec + IOV_LEN, length);
    }

    /** Bytes received into slot {@code i}. */
    public int length(int i) {
        return memory.getIntLE(i * MMSGHDR_BYTES + MSG_LEN);
    }

    /** The memory holding the slots' addresses (see {@link #nameOffset}, {@link #nameLength}). */
    public ByteBuf names() {
        return memory;
    }

    /** Where slot {@code i}'s address starts in {@link #names()}. */
    public int nameOffset(int i) {
        return names + i * NAME_BYTES;
    }

    /** The length of slot {@code i}'s sender address, as the kernel wrote it. */
    public int nameLength(int i) {
        return memory.getIntLE(i * MMSGHDR_BYTES + MSG_NAMELEN);
    }

    public void release() {
        memory.release();
    }
}
