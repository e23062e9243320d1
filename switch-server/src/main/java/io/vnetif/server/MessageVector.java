package io.vnetif.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The {@code struct mmsghdr} array that {@code recvmmsg(2)} fills, in native memory: per slot one
 * message header, one {@code iovec} (the slot's part of the receive buffer) and room for the sender's
 * {@code sockaddr_in6}. Layouts are those of LP64 Linux, written in native (little-endian) order:
 * <pre>
 * struct mmsghdr (64 bytes)                    struct iovec (16 bytes)
 *   0  void *msg_name        → name slot         0  void  *iov_base
 *   8  socklen_t msg_namelen (in: room, out: length)   8  size_t iov_len
 *  16  struct iovec *msg_iov → iovec slot
 *  24  size_t msg_iovlen = 1
 *  32  void *msg_control = NULL, 40 size_t msg_controllen = 0
 *  48  int msg_flags         (not read: a datagram longer than its slot arrives cut to the slot,
 *                             still longer than any legal one, and is counted as too large)
 *  56  unsigned int msg_len  (out: bytes received)
 * </pre>
 * Confined to the data-plane loop.
 */
final class MessageVector {
    static final int MMSGHDR_BYTES = 64;
    static final int IOVEC_BYTES = 16;
    /** Room for a {@code sockaddr_in6} (28 bytes), rounded up. */
    static final int NAME_BYTES = 32;
    private static final int SOCKADDR_IN6_BYTES = 28;

    private static final int MSG_NAME = 0;
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_LEN = 56;
    private static final int IOV_BASE = 0;
    private static final int IOV_LEN = 8;

    private final int slots;
    private final ByteBuf memory;
    private final int iovecs;
    private final int names;

    MessageVector(int slots) {
        this.slots = slots;
        this.iovecs = slots * MMSGHDR_BYTES;
        this.names = iovecs + slots * IOVEC_BYTES;
        this.memory = Unpooled.directBuffer(names + slots * NAME_BYTES);
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
        }
    }

    int slots() {
        return slots;
    }

    /** The address of the {@code mmsghdr} array, for {@code recvmmsg}. */
    long address() {
        return memory.memoryAddress();
    }

    /** Points slot {@code i} at {@code length} bytes from {@code bufferAddress} and gives its sender room again. */
    void prepare(int i, long bufferAddress, int length) {
        int iovec = iovecs + i * IOVEC_BYTES;
        memory.setLongLE(iovec + IOV_BASE, bufferAddress);
        memory.setLongLE(iovec + IOV_LEN, length);
        memory.setIntLE(i * MMSGHDR_BYTES + MSG_NAMELEN, SOCKADDR_IN6_BYTES); // the kernel left the last sender's length here
    }

    /** Bytes received into slot {@code i}. */
    int length(int i) {
        return memory.getIntLE(i * MMSGHDR_BYTES + MSG_LEN);
    }

    /** The memory holding the senders' addresses (see {@link #nameOffset}, {@link #nameLength}). */
    ByteBuf names() {
        return memory;
    }

    /** Where slot {@code i}'s sender address starts in {@link #names()}. */
    int nameOffset(int i) {
        return names + i * NAME_BYTES;
    }

    /** The length of slot {@code i}'s sender address, as the kernel wrote it. */
    int nameLength(int i) {
        return memory.getIntLE(i * MMSGHDR_BYTES + MSG_NAMELEN);
    }

    void release() {
        memory.release();
    }
}
