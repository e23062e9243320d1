package io.vnetif.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An HTTP/1.1 server and client of Netty's own codecs, unchanged but for the bootstraps' group and channel class,
 * on NIO over loopback and on vnetif: requests on one kept-alive connection, one with a 1 MiB body.
 */
class HttpOverBothTransportsTest {
    private static final long BOUND_SECONDS = 20;

    @ParameterizedTest
    @EnumSource(Backend.Kind.class)
    void aServerOfNettysCodecsAnswersGetAndPostOnOneConnection(Backend.Kind kind) throws Exception {
        byte[] body = new byte[1 << 20];
        new Random(7).nextBytes(body);
        try (Backend b = kind.start()) {
            // docs:begin services-http
            Channel server = b.server().childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(4 << 20), new Sha256Service());
                }
            }).bind(b.anyPort()).sync().channel();
            // docs:end services-http
            LinkedBlockingQueue<FullHttpResponse> responses = new LinkedBlockingQueue<>();
            Channel client = b.client().handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(4 << 20), new SimpleChannelInboundHandler<FullHttpResponse>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                            responses.add(r.retainedDuplicate());
                        }
                    });
                }
            }).connect(b.addressOf(server)).sync().channel();

            client.writeAndFlush(request(HttpMethod.GET, "/hello", new byte[0]));
            FullHttpResponse get = responses.poll(BOUND_SECONDS, TimeUnit.SECONDS);
            assertThat(get).isNotNull();
            assertThat(get.status()).isEqualTo(HttpResponseStatus.OK);
            assertThat(get.content().toString(StandardCharsets.UTF_8)).isEqualTo("GET /hello: 0 bytes, sha-256 "
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0])));
            get.release();

            client.writeAndFlush(request(HttpMethod.POST, "/upload", body));
            FullHttpResponse post = responses.poll(BOUND_SECONDS, TimeUnit.SECONDS);
            assertThat(post).isNotNull();
            assertThat(post.content().toString(StandardCharsets.UTF_8)).isEqualTo("POST /upload: " + body.length + " bytes, sha-256 "
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
            post.release();
            client.close().sync();
            server.close().sync();
        }
    }

    private static FullHttpRequest request(HttpMethod method, String uri, byte[] body) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.HOST, "lab");
        HttpUtil.setContentLength(r, body.length);
        return r;
    }

    /** Answers each request with its method, URI, body length and the body's SHA-256; keeps the connection. */
    private static final class Sha256Service extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBufUtil.getBytes(request.content()));
            String text = request.method() + " " + request.uri() + ": " + request.content().readableBytes() + " bytes, sha-256 "
                    + HexFormat.of().formatHex(sha.digest());
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            HttpUtil.setContentLength(response, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }
    }
}
