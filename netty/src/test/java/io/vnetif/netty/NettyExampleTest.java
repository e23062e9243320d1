package io.vnetif.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.netstack.NetStack;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The first example of docs/services.md#a-first-example, as it is quoted there. */
class NettyExampleTest {
    @Test
    void aNettyServerAndClientTalkOverTwoStacks() throws Exception {
        CompletableFuture<String> heard = new CompletableFuture<>();
        try (VirtualSwitch lan = VirtualSwitch.inProcess();
             NetStack serverStack = NetStack.on(lan.attach("lab"), "198.19.0.7/24");
             NetStack clientStack = NetStack.on(lan.attach("lab"), "198.19.0.5/24")) {
            // docs:begin netty-first
            EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(VnetifIoHandler.newFactory(serverStack)); // was NioIoHandler.newFactory()
            EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(VnetifIoHandler.newFactory(clientStack));
            Channel server = new ServerBootstrap().group(serverGroup)
                    .channel(VnetifServerSocketChannel.class)                                // was NioServerSocketChannel.class
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new StringDecoder(StandardCharsets.UTF_8), new SimpleChannelInboundHandler<String>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, String msg) {
                                    heard.complete(msg);
                                }
                            });
                        }
                    })
                    .bind(8080).sync().channel();
            Channel client = new Bootstrap().group(clientGroup)
                    .channel(VnetifSocketChannel.class)                                      // was NioSocketChannel.class
                    .handler(new StringEncoder(StandardCharsets.UTF_8))
                    .connect("198.19.0.7", 8080).sync().channel();
            client.writeAndFlush("hello over Netty");
            // docs:end netty-first
            assertThat(heard.get(20, TimeUnit.SECONDS)).isEqualTo("hello over Netty");
            client.close().sync();
            server.close().sync();
            clientGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
            serverGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
    }
}
