package io.vnetif.server.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An error the data plane cannot go on after ends in one clear failure, whichever way it comes: an Error
 * from a receive batch, or a loop that stops running tasks. Before, an OutOfMemoryError in a receive batch
 * was logged and the loop went on (or died), leaving a process that answered nothing.
 */
class DataPlaneGuardTest {
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final DataPlaneGuard guard = new DataPlaneGuard((where, cause) -> failures.add(where + ": " + cause));

    /** A decoder that throws what it is told to, for datagrams that say so. */
    private static final class Decoder implements DatagramConsumer {
        final AtomicInteger received = new AtomicInteger();

        @Override
        public void receive(ByteBuf datagram, InetSocketAddress sender) {
            received.incrementAndGet();
            switch (datagram.getByte(datagram.readerIndex())) {
                case 'E' -> throw new IllegalStateException("a bug in one datagram's handling");
                case 'M' -> throw new OutOfMemoryError("Java heap space");
                default -> {
                }
            }
        }

        @Override
        public void receiveFailed(Throwable cause) {
        }
    }

    @Test
    void anErrorInAReceiveBatchFailsTheDataPlaneOnceAndTheSocketIsReadNoMore() throws Exception {
        Decoder decoder = new Decoder();
        try (DirectIoSocket bound = DirectIoSocket.bind(new ChannelInboundHandlerAdapter());
             BatchReader reader = new BatchReader(DataTransport.BATCH, DataTransport.DATAGRAM_BUFFER);
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            DataOutputs outputs = new DataOutputs(new DirectSends(new Segmentation(false), DirectSends.LIBC));
            DirectReceiver.start((EpollDatagramChannel) bound.channel, reader, decoder, outputs, guard);
            InetSocketAddress at = (InetSocketAddress) bound.channel.localAddress();

            send(client, at, 'E');
            send(client, at, 'x');
            await().atMost(Duration.ofSeconds(5)).until(() -> decoder.received.get() == 2);
            assertThat(guard.failed()).as("an exception is a bug in one datagram, not the end of the data plane").isFalse();

            send(client, at, 'M');
            await().atMost(Duration.ofSeconds(5)).until(guard::failed);
            assertThat(failures).singleElement().asString().startsWith("the receive batch of /127.0.0.1:")
                    .endsWith("java.lang.OutOfMemoryError: Java heap space");
            int afterFailure = decoder.received.get();
            send(client, at, 'M');
            bound.loop.submit(() -> null).get(5, TimeUnit.SECONDS);
            bound.loop.submit(() -> null).get(5, TimeUnit.SECONDS); // two turns of the loop: a readiness would have been served
            assertThat(decoder.received.get()).as("nothing read after the failure").isEqualTo(afterFailure);
            assertThat(failures).as("failed once").hasSize(1);
        }
    }

    private static void send(DatagramSocket client, InetSocketAddress to, char first) throws Exception {
        byte[] d = {(byte) first, 1, 2, 3};
        client.send(new DatagramPacket(d, d.length, to));
    }

    @Test
    void aLoopThatRunsNoTaskForTheLongestStallFailsTheDataPlane() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        CountDownLatch stuck = new CountDownLatch(1);
        try (LoopWatchdog watchdog = LoopWatchdog.start(loop, Duration.ofMillis(400), guard)) {
            loop.submit(() -> null).get(5, TimeUnit.SECONDS);
            assertThat(guard.failed()).isFalse();
            loop.execute(() -> {
                try {
                    stuck.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(guard::failed);
            assertThat(failures).singleElement().asString().startsWith("the data-plane loop: java.lang.IllegalStateException: "
                    + "the data-plane thread has not run a task handed to it ").contains("the longest stall allowed is 400 ms");
        } finally {
            stuck.countDown();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aLoopThatKeepsRunningTasksIsLeftAlone() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        try (LoopWatchdog watchdog = LoopWatchdog.start(loop, Duration.ofSeconds(1), guard)) {
            AtomicInteger turns = new AtomicInteger();
            // Busy for two seconds, twice the stall allowed, in tasks of 50 ms that each hand the loop the next. A probe
            // waits one task; the stall allowed leaves the rest of a second for a loaded machine's scheduler (with 200 ms
            // allowed, a CI machine running four JVMs once kept the thread off its core long enough to fail this).
            Runnable[] busy = new Runnable[1];
            busy[0] = () -> {
                long end = System.nanoTime() + 50_000_000L;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                if (turns.incrementAndGet() < 40) {
                    loop.execute(busy[0]);
                }
            };
            loop.execute(busy[0]);
            await().atMost(Duration.ofSeconds(20)).until(() -> turns.get() == 40);
            assertThat(guard.failed()).isFalse();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        assertThat(failures).isEmpty();
    }
}
