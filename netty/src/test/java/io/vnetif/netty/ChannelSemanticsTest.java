package io.vnetif.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a Netty SocketChannel promises, checked on NIO over loopback and on vnetif's channels over two stacks with
 * the same code: echo, a large transfer's bytes (SHA-256), writability from a full send path and a stalled reader,
 * half-close, refused and unanswered connects, resets, and a close while a write is under way.
 */
class ChannelSemanticsTest {
    /** Every wait is bounded: a hang fails the test. */
    private static final long BOUND_SECONDS = 20;

    @ParameterizedTest
    @EnumSource(Backend.Kind.class)
    void echoesWhatItIsSent(Backend.Kind kind) throws Exception {
        try (Backend b = kind.start()) {
            Channel server = b.server().childHandler(new Echo()).bind(b.anyPort()).sync().channel();
            Collect reply = new Collect(5);
            Channel client = b.client().handler(reply).connect(b.addressOf(server)).sync().channel();
            client.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8));
            assertThat(new String(reply.bytes.get(BOUND_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(client.remoteAddress()).isEqualTo(b.addressOf(server));
            assertThat(client.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
            assertThat(client.config().getOption(ChannelOption.SO_SNDBUF)).isPositive();
            client.close().sync();
            server.close().sync();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.Kind.class)
    void aLargeTransferArrivesByteForByte(Backend.Kind kind) throws Exception {
        int size = 8 << 20;
        byte[] data = new byte[size];
        new Random(17).nextBytes(data);
        try (Backend b = kind.start()) {
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            Channel server = b.server().childHandler(new Digest(size, received)).bind(b.anyPort()).sync().channel();
            Channel client = b.client().handler(new ChannelInboundHandlerAdapter()).connect(b.addressOf(server)).sync().channel();
            for (int at = 0; at < size; at += 64 << 10) {
                client.write(Unpooled.wrappedBuffer(data, at, Math.min(64 << 10, size - at)));
            }
            client.flush();
            assertThat(received.get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
            client.close().sync();
            server.close().sync();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.Kind.class)
    void aReaderWithAutoReadOffStallsTheWritersWritabilityUntilItReads(Backend.Kind kind) throws Exception {
        try (Backend b = kind.start()) {
            AtomicLong read = new AtomicLong();
            CompletableFuture<Channel> accepted = new CompletableFuture<>();
            Channel server = b.server().childOption(ChannelOption.AUTO_READ, false).childHandler(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    accepted.complete(ctx.channel());
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    read.addAndGet(((ByteBuf) msg).readableBytes());
                    ((ByteBuf) msg).release();
                }
            }).bind(b.anyPort()).sync().channel();
            CompletableFuture<Void> writableAgain = new CompletableFuture<>();
            Channel client = b.client().option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 << 10, 64 << 10))
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                            if (ctx.channel().isWritable()) {
                                writableAgain.complete(null);
                            }
                        }
                    }).connect(b.addressOf(server)).sync().channel();
            Channel reader = accepted.get(BOUND_SECONDS, TimeUnit.SECONDS);
            byte[] chunk = new byte[16 << 10];
            long written = 0;
            // The reader takes nothing: its window closes, the writer's send path fills, then its outbound buffer.
            CompletableFuture<Long> stalled = new CompletableFuture<>();
            client.eventLoop().execute(() -> {
                long n = 0;
                while (client.isWritable() && n < (256L << 20)) {
                    client.writeAndFlush(Unpooled.wrappedBuffer(chunk));
                    n += chunk.length;
                }
                stalled.complete(n);
            });
            written = stalled.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertThat(written).as("bytes written before the writer became unwritable").isLessThan(256L << 20);
            assertThat(client.isWritable()).isFalse();
            assertThat(read.get()).as("bytes the reader took with auto-read off").isZero();
            reader.config().setAutoRead(true);
            writableAgain.get(BOUND_SECONDS, TimeUnit.SECONDS);
            long expected = written;
            reader.eventLoop().submit(() -> null).get(); // a barrier on the reader's loop
            CompletableFuture<Void> all = new CompletableFuture<>();
            reader.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelReadComplete(ChannelHandlerContext ctx) {
                    if (read.get() == expected) {
                        all.complete(null);
                    }
                }
            });
            reader.eventLoop().execute(() -> {
                if (read.get() == expected) {
                    all.complete(null);
                }
            });
            all.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertThat(read.get()).isEqualTo(written);
            client.close().sync();
            server.close().sync();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.Kind.class)
    void halfCloseLetsTheServerAnswerAfterTheRequestEnded(Backend.Kind kind) throws Exception {
        try (Backend b = kind.start()) {
            Channel server = b.server().childOption(ChannelOption.ALLOW_HALF_CLOSURE, true).childHandler(new ChannelInboundHandlerAdapter() {
                private final StringBuilder request = new StringBuilder();

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    request.append(((ByteBuf) msg).toString(StandardCharsets.UTF_8));
                    ((ByteBuf) msg).release();
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt instanceof ChannelInputShutdownEvent) {
                        assertThat(((SocketChannel) ctx.channel()).isInputShutdown()).isTrue();
                        ctx.writeAndFlush(Unpooled.copiedBuffer("heard: " + request, StandardCharsets.UTF_8))
                                .addListener(f -> ctx.close());
                    }
                }
            }).bind(b.anyPort()).sync().channel();
            Collect reply = new Collect(-1);
            SocketChannel client = (SocketChannel) b.client().option(ChannelOption.ALLOW_HALF_CLOSURE, true).handler(reply)
                    .connect(b.addressOf(server)).sync().channel();
            client.writeAndFlush(Unpooled.copiedBuffer("request", StandardCharsets.UTF_8)).sync();
            client.shutdownOutput().sync();
            assertThat(client.isOutputShutdown()).isTrue();
            assertThat(new String(reply.bytes.get(BOUND_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("heard: request");
            assertThat(reply.inputShutdown).isTrue();
            client.close().sync();
            server.close().sync();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.Kind.class)
    void aRefusedConnectFailsWithConnectExceptionNamingTheAddress(Backend.Kind kind) throws Exception {
        try (Backend b = kind.start()) {
            InetSocketAddress refusing = b.refusing();
            ChannelFuture f = b.client().handler(new ChannelInboundHandlerAdapter()).connect(refusing).await();
            assertThat(f.isSuccess()).isFalse();
            assertThat(f.cause()).isInstanceOf(ConnectException.class).hasMessageContaining(refusing.getAddress().getHostAddress())
                    .hasMessageContaining(":" + refusing.getPort());
            assertThat(f.channel().closeFuture().await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.Kind.class)
    void anUnansweredConnectTimesOutAfterConnectTimeoutMillis(Backend.Kind kind) throws Exception {
        try (Backend b = kind.start()) {
            ChannelFuture f = b.client().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 300).handler(new ChannelInboundHandlerAdapter())
                    .connect(b.silent()).await();
            assertThatThrownBy(f::sync).isInstanceOf(ConnectTimeoutException.class).hasMessageContaining("300 ms");
            assertThat(f.channel().closeFuture().await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.Kind.class)
    void aResetReachesThePeerAsAnIoException(Backend.Kind kind) throws Exception {
        try (Backend b = kind.start()) {
            Channel server = b.server().childOption(ChannelOption.SO_LINGER, 0).childHandler(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ((ByteBuf) msg).release();
                    ctx.close(); // SO_LINGER 0: a reset
                }
            }).bind(b.anyPort()).sync().channel();
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Channel client = b.client().handler(new ChannelInboundHandlerAdapter() {
                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    failure.complete(cause);
                }
            }).connect(b.addressOf(server)).sync().channel();
            client.writeAndFlush(Unpooled.copiedBuffer("bye", StandardCharsets.UTF_8));
            assertThat(failure.get(BOUND_SECONDS, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(client.closeFuture().await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
            server.close().sync();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.Kind.class)
    void closingWhileAWriteIsUnderWayEndsBothSidesAndTheWrite(Backend.Kind kind) throws Exception {
        try (Backend b = kind.start()) {
            CompletableFuture<Void> peerClosed = new CompletableFuture<>();
            Channel server = b.server().childHandler(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ((ByteBuf) msg).release();
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    peerClosed.complete(null);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close(); // a reset instead of a FIN: also an end
                }
            }).bind(b.anyPort()).sync().channel();
            Channel client = b.client().handler(new ChannelInboundHandlerAdapter()).connect(b.addressOf(server)).sync().channel();
            ChannelFuture write = client.writeAndFlush(Unpooled.wrappedBuffer(new byte[32 << 20]));
            client.close();
            assertThat(write.await(BOUND_SECONDS, TimeUnit.SECONDS)).as("the write completed, one way or the other").isTrue();
            assertThat(client.closeFuture().await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
            peerClosed.get(BOUND_SECONDS, TimeUnit.SECONDS);
            server.close().sync();
        }
    }

    /** Writes back what it reads. */
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }

    /** Hashes what it reads; after {@code size} bytes completes the future with the SHA-256. */
    static final class Digest extends ChannelInboundHandlerAdapter {
        private final long size;
        private final CompletableFuture<byte[]> done;
        private final MessageDigest sha;
        private long seen;

        Digest(long size, CompletableFuture<byte[]> done) throws Exception {
            this.size = size;
            this.done = done;
            this.sha = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            seen += buf.readableBytes();
            sha.update(buf.nioBuffer());
            buf.release();
            if (seen == size) {
                done.complete(sha.digest());
            }
        }
    }

    /** Collects what arrives: {@code expected} bytes, or (-1) until the peer's FIN. */
    static final class Collect extends ChannelInboundHandlerAdapter {
        final CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        volatile boolean inputShutdown;
        private final int expected;
        private final java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();

        Collect(int expected) {
            this.expected = expected;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            byte[] b = new byte[buf.readableBytes()];
            buf.readBytes(b);
            buf.release();
            got.writeBytes(b);
            if (expected >= 0 && got.size() >= expected) {
                bytes.complete(got.toByteArray());
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                inputShutdown = true;
                bytes.complete(got.toByteArray());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            bytes.complete(got.toByteArray());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            bytes.completeExceptionally(cause);
        }
    }
}
