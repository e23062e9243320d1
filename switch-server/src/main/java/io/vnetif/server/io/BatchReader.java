package io.vnetif.server.io;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vnetif.server.io.linux.Errno;
import io.vnetif.server.io.linux.LinuxCalls;
import io.vnetif.server.io.linux.MessageVector;
import java.net.InetSocketAddress;

/**
 * Reads up to {@link DataTransport#BATCH} datagrams from a socket with one {@code recvmmsg(2)} straight
 * into a pooled receive buffer and hands each to a {@link DatagramConsumer} as a recycled slice of it,
 * with its sender from {@link SenderAddresses}: nothing is allocated per datagram (Netty's datagram read
 * makes a packet, a slice and the sender's address objects for each). One reader serves every socket of
 * the data-plane loop, one batch at a time, so the buffer and the message vector exist once. The buffer
 * is reused for the next batch unless somebody kept a datagram of it (a retained slice): then the next
 * batch gets a fresh one and the old one is freed by its last holder. Confined to the data-plane loop.
 */
public final class BatchReader implements AutoCloseable {
    private final MessageVector vector;
    private final SenderAddresses senders = new SenderAddresses();
    private final int slotBytes;
    private ByteBuf buffer;
    /** The buffer the vector's slots point into, and how many slots the kernel wrote a sender into since. */
    private ByteBuf pointedAt;
    private int slotsUsed;
    private long batches;
    private long datagrams;

    /** @param slots datagrams per call; {@code slotBytes} each (a longer datagram arrives cut to that length) */
    public BatchReader(int slots, int slotBytes) {
        this.vector = new MessageVector(slots, false);
        this.slotBytes = slotBytes;
    }

    /**
     * Reads one batch from {@code fd} (a non-blocking datagram socket) and hands it to {@code consumer},
     * datagram by datagram; whatever the consumer throws is passed back to it and the batch goes on
     * (a {@link VirtualMachineError} is rethrown once the batch is done).
     *
     * @return the datagrams read (0: none waiting), or a negated errno when the call failed
     */
    int read(int fd, DatagramConsumer consumer) {
        ByteBuf into = receiveBuffer();
        prepare(into);
        int received = LinuxCalls.recvmmsg(fd, vector.address(), vector.slots(), LinuxCalls.MSG_DONTWAIT, 0);
        if (received < 0) {
            int errno = LinuxCalls.errno();
            return errno == Errno.EAGAIN || errno == Errno.EINTR ? 0 : -errno;
        }
        batches++;
        datagrams += received;
        slotsUsed = received;
        Error fatal = null;
        try {
            for (int i = 0; i < received; i++) {
                try {
                    hand(consumer, into, i);
                } catch (Error e) { // the batch's datagrams are still each handed on, released, and the Error then thrown
                    fatal = fatal == null ? e : fatal;
                }
            }
        } finally {
            if (into.refCnt() != 1) {
                // A consumer kept a datagram: the buffer is theirs until they let go, and the kernel must
                // never write into it again.
                into.release();
                buffer = null;
                pointedAt = null;
            }
        }
        if (fatal != null) {
            throw fatal;
        }
        return received;
    }

    /**
     * Readies the vector for a call into {@code into}: only the slots the last call used need their
     * sender's room back, unless the buffer changed. After an idle spell the loop runs with cold caches,
     * so a single datagram should not touch all 32 slots.
     */
    private void prepare(ByteBuf into) {
        int slots = into == pointedAt ? slotsUsed : vector.slots();
        long base = into.memoryAddress();
        for (int i = 0; i < slots; i++) {
            vector.prepareReceive(i, base + (long) i * slotBytes, slotBytes);
        }
        pointedAt = into;
        slotsUsed = 0;
    }

    private void hand(DatagramConsumer consumer, ByteBuf into, int slot) {
        InetSocketAddress sender = senders.sender(vector.names(), vector.nameOffset(slot), vector.nameLength(slot));
        if (sender == null) {
            consumer.receiveFailed(new IllegalStateException("a datagram from a sender of neither IPv4 nor IPv6"));
            return;
        }
        ByteBuf datagram = into.retainedSlice(slot * slotBytes, vector.length(slot));
        try {
            consumer.receive(datagram, sender);
        } catch (RuntimeException e) { // a bug in one datagram's handling: that datagram is lost, not the batch
            consumer.receiveFailed(e);
        } finally { // an Error goes on up: the data plane cannot go on after it (DataPlaneGuard)
            datagram.release();
        }
    }

    private ByteBuf receiveBuffer() {
        if (buffer == null) {
            // Pooled: its retained slices are recycled objects, not new ones per datagram.
            buffer = PooledByteBufAllocator.DEFAULT.directBuffer(vector.slots() * slotBytes);
            if (!buffer.hasMemoryAddress()) {
                buffer.release();
                buffer = null;
                throw new IllegalStateException("Netty cannot tell the address of a pooled direct buffer here");
            }
        }
        return buffer;
    }

    /** recvmmsg calls that returned datagrams. */
    long batches() {
        return batches;
    }

    /** Datagrams those calls returned. */
    long datagrams() {
        return datagrams;
    }

    /** Senders not found in the address cache. */
    long senderMisses() {
        return senders.misses();
    }

    @Override
    public void close() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
        vector.release();
    }
}
