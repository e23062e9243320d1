package io.vnetif.server.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.vnetif.server.io.linux.Errno;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The switch's own recvmmsg on a real socket (bound by Netty, never read by it), fed by a plain JDK socket. */
class BatchReaderTest {
    private static final int SLOTS = 32;
    private static final int SLOT_BYTES = DataTransport.DATAGRAM_BUFFER;

    private DirectIoSocket socket;
    private int fd;
    private DatagramChannel peer;
    private BatchReader reader;
    private final Recording consumer = new Recording();

    /** Keeps what it is handed (copies, or the slices themselves when asked to retain). */
    private static final class Recording implements DatagramConsumer {
        final List<byte[]> datagrams = new ArrayList<>();
        final List<InetSocketAddress> senders = new ArrayList<>();
        final List<Throwable> failures = new ArrayList<>();
        final List<ByteBuf> retained = new ArrayList<>();
        boolean retain;
        int throwAt = -1;
        java.util.function.Supplier<Throwable> thrown = () -> new IllegalStateException("a decoder bug");

        @Override
        public void receive(ByteBuf datagram, InetSocketAddress sender) {
            if (retain) {
                retained.add(datagram.retain());
            }
            if (datagrams.size() == throwAt) {
                datagrams.add(null);
                sneakyThrow(thrown.get());
            }
            datagrams.add(ByteBufUtil.getBytes(datagram));
            senders.add(sender);
        }

        @SuppressWarnings("unchecked")
        private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
            throw (T) t;
        }

        @Override
        public void receiveFailed(Throwable cause) {
            failures.add(cause);
        }
    }

    @BeforeEach
    void open() throws Exception {
        socket = DirectIoSocket.bind(new io.netty.channel.ChannelInboundHandlerAdapter());
        fd = ((EpollDatagramChannel) socket.channel).fd().intValue();
        peer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        peer.connect(socket.channel.localAddress());
        reader = new BatchReader(SLOTS, SLOT_BYTES);
    }

    @AfterEach
    void close() throws Exception {
        if (reader != null) {
            reader.close();
            consumer.retained.forEach(ByteBuf::release);
            peer.close();
            socket.close();
        }
    }

    private byte[] send(int length, int mark) throws Exception {
        byte[] d = new byte[length];
        for (int i = 0; i < length; i++) {
            d[i] = (byte) (mark + i);
        }
        peer.write(ByteBuffer.wrap(d));
        return d;
    }

    @Test
    void aQueueIsReadInBatchesByteForByteWithItsSender() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < SLOTS + 8; i++) {
            sent.add(send(1 + i * 37, i));
        }
        assertThat(reader.read(fd, consumer)).isEqualTo(SLOTS);
        assertThat(reader.read(fd, consumer)).isEqualTo(8);
        assertThat(reader.read(fd, consumer)).as("nothing left").isZero();
        assertThat(consumer.datagrams).containsExactlyElementsOf(sent);
        assertThat(consumer.senders).containsOnly((InetSocketAddress) peer.getLocalAddress());
        assertThat(consumer.failures).isEmpty();
        assertThat(reader.batches()).isEqualTo(2);
        assertThat(reader.datagrams()).isEqualTo(SLOTS + 8);
        assertThat(reader.senderMisses()).as("one sender, decoded once").isEqualTo(1);
    }

    /** Longer than a slot: it arrives cut to the slot, still longer than any legal datagram, so decoders count it too large. */
    @Test
    void anOversizedDatagramArrivesCutAndStillTooLarge() throws Exception {
        send(SLOT_BYTES + 1000, 1);
        byte[] after = send(100, 2);
        assertThat(reader.read(fd, consumer)).isEqualTo(2);
        assertThat(consumer.datagrams.get(0)).hasSize(SLOT_BYTES);
        assertThat(SLOT_BYTES).isGreaterThan(io.vnetif.wire.DatagramHeader.MAX_DATAGRAM_LENGTH);
        assertThat(consumer.datagrams.get(1)).isEqualTo(after);
    }

    @Test
    void aConsumerThatThrowsLosesOnlyThatDatagram() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(send(64, i));
        }
        consumer.throwAt = 2;
        assertThat(reader.read(fd, consumer)).isEqualTo(5);
        assertThat(consumer.failures).singleElement().satisfies(e -> assertThat(e).hasMessage("a decoder bug"));
        assertThat(consumer.datagrams).hasSize(5);
        assertThat(consumer.datagrams.get(3)).isEqualTo(sent.get(3));
        assertThat(consumer.datagrams.get(4)).isEqualTo(sent.get(4));
    }

    /**
     * An Error in a decoder (an assertion here) still lets the batch finish, then reaches the caller, for
     * which the data plane cannot go on (DataPlaneGuard); a datagram it kept first is not overwritten.
     */
    @Test
    void aConsumerThrowingAnErrorFinishesTheBatchThenReachesTheCallerAndKeepsWhatItRetained() throws Exception {
        byte[] kept = send(200, 5);
        byte[] next = send(200, 6);
        consumer.retain = true;
        consumer.throwAt = 0;
        consumer.thrown = () -> new AssertionError("a failed assertion");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.read(fd, consumer)).isInstanceOf(AssertionError.class);
        consumer.retain = false;
        assertThat(consumer.failures).as("an Error is no bug of one datagram to report").isEmpty();
        assertThat(consumer.datagrams.get(1)).isEqualTo(next);
        send(200, 7);
        assertThat(reader.read(fd, consumer)).isEqualTo(1);
        assertThat(ByteBufUtil.getBytes(consumer.retained.get(0))).as("not overwritten by the next batch").isEqualTo(kept);
    }

    /** The JVM failing (a VirtualMachineError) still lets the batch finish, then reaches the caller, as any Error does. */
    @Test
    void aVirtualMachineErrorEndsTheReadAfterTheBatch() throws Exception {
        send(100, 1);
        byte[] second = send(100, 2);
        consumer.throwAt = 0;
        consumer.thrown = () -> new StackOverflowError("deep");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.read(fd, consumer)).isInstanceOf(StackOverflowError.class);
        assertThat(consumer.datagrams).hasSize(2);
        assertThat(consumer.datagrams.get(1)).isEqualTo(second);
    }

    /** A retained datagram keeps its bytes although the next batch is read: that batch goes to a fresh buffer. */
    @Test
    void aRetainedDatagramOutlivesItsBatch() throws Exception {
        byte[] kept = send(300, 9);
        consumer.retain = true;
        assertThat(reader.read(fd, consumer)).isEqualTo(1);
        consumer.retain = false;
        byte[] next = send(300, 77);
        assertThat(reader.read(fd, consumer)).isEqualTo(1);
        assertThat(ByteBufUtil.getBytes(consumer.retained.get(0))).isEqualTo(kept);
        assertThat(consumer.datagrams.get(1)).isEqualTo(next);
    }

    @Test
    void aFailedCallReturnsItsErrno() {
        assertThat(reader.read(Integer.MAX_VALUE, consumer)).as("EBADF").isEqualTo(-Errno.EBADF);
        assertThat(consumer.datagrams).isEmpty();
    }

    /**
     * The claim behind "nothing allocated per datagram": once warm, reading batches and handing out their
     * datagrams allocates nothing on the data-plane loop (a Netty thread, whose recycler pools the
     * slices; the sends happen outside the measured calls).
     */
    @Test
    void steadyReadingAllocatesNothingPerDatagram() throws Exception {
        DatagramConsumer ignoring = new DatagramConsumer() {
            @Override
            public void receive(ByteBuf datagram, InetSocketAddress sender) {
            }

            @Override
            public void receiveFailed(Throwable cause) {
                throw new AssertionError(cause);
            }
        };
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ByteBuffer datagram = ByteBuffer.allocateDirect(64);
        long allocated = 0;
        long read = 0;
        for (int round = 0; round < 3_000; round++) {
            for (int i = 0; i < SLOTS; i++) {
                peer.write(datagram.clear());
            }
            long[] bytesAndCount = socket.loop.submit(() -> {
                long before = threads.getCurrentThreadAllocatedBytes();
                int n = reader.read(fd, ignoring);
                long bytes = threads.getCurrentThreadAllocatedBytes() - before; // before the array below is allocated
                return new long[] {bytes, n};
            }).get();
            assertThat(bytesAndCount[1]).isEqualTo(SLOTS);
            if (round >= 2_000) { // the first rounds warm the path up (interpreter, recycler pools)
                allocated += bytesAndCount[0];
                read += bytesAndCount[1];
            }
        }
        assertThat(allocated).as("bytes allocated reading %d datagrams", read).isLessThan(read / 100);
    }
}
