package io.vnetif.bench.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.vnetif.bench.ResultTable;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.netstack.NetStack;
import io.vnetif.netty.grpc.VnetifGrpc;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * gRPC-java over vnetif's Netty transport beside the same gRPC over Netty's NIO on loopback TCP, in one run:
 * unary calls per second (one in flight, 100-byte messages) and server streaming of 1 MiB per call (16 messages
 * of 64 KiB), messages of protobuf's BytesValue. Both ends in this JVM: on vnetif two stacks of the in-process
 * switch, on loopback the kernel's TCP. Prints one table and writes bench/results/grpc.csv.
 */
@Command(name = "GrpcBench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "gRPC unary calls/s and 1 MiB streaming: vnetif's Netty transport vs NIO on loopback, same run.")
public final class GrpcBench implements Callable<Integer> {
    /** Messages are protobuf's BytesValue, so each call pays protobuf's encoding as a real service's does. */
    private static final MethodDescriptor.Marshaller<BytesValue> PROTO = ProtoUtils.marshaller(BytesValue.getDefaultInstance());
    private static final MethodDescriptor<BytesValue, BytesValue> UNARY = MethodDescriptor.<BytesValue, BytesValue>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("bench.Grpc/Unary")
            .setRequestMarshaller(PROTO).setResponseMarshaller(PROTO).build();
    private static final MethodDescriptor<BytesValue, BytesValue> MEBIBYTE = MethodDescriptor.<BytesValue, BytesValue>newBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING).setFullMethodName("bench.Grpc/Mebibyte")
            .setRequestMarshaller(PROTO).setResponseMarshaller(PROTO).build();
    private static final BytesValue CHUNK = BytesValue.of(ByteString.copyFrom(new byte[64 << 10]));

    @Option(names = "--seconds", defaultValue = "5", description = "Seconds measured per figure (after as long again unmeasured). Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds of both figures per transport. Default: ${DEFAULT-VALUE}")
    int rounds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GrpcBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        System.out.printf("mode: gRPC client and server in one JVM; %d cores, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        ResultTable table = new ResultTable("grpc", "transport", "round", "unary calls/s", "1 MiB streams: MiB/s");
        ServerServiceDefinition service = ServerServiceDefinition.builder("bench.Grpc")
                .addMethod(UNARY, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(request);
                    response.onCompleted();
                }))
                .addMethod(MEBIBYTE, ServerCalls.asyncServerStreamingCall((request, response) -> {
                    for (int i = 0; i < 16; i++) {
                        response.onNext(CHUNK);
                    }
                    response.onCompleted();
                }))
                .build();
        for (int round = 1; round <= rounds; round++) {
            try (VirtualSwitch lan = VirtualSwitch.inProcess();
                 NetStack serverStack = NetStack.on(lan.attach("bench"), "198.19.0.7/24");
                 NetStack clientStack = NetStack.on(lan.attach("bench"), "198.19.0.5/24")) {
                Server server = VnetifGrpc.server(serverStack, 50051).addService(service).build().start();
                ManagedChannel channel = VnetifGrpc.channel(clientStack, "198.19.0.7", 50051).build();
                measure(table, "vnetif (two stacks, in-process switch)", round, channel);
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
            try {
                Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).channelType(NioServerSocketChannel.class)
                        .bossEventLoopGroup(group).workerEventLoopGroup(group).addService(service).build().start();
                ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", server.getPort()))
                        .channelType(NioSocketChannel.class).eventLoopGroup(group).usePlaintext().build();
                measure(table, "NIO on loopback TCP", round, channel);
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            } finally {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
            }
        }
        table.printAndSave();
        return 0;
    }

    private void measure(ResultTable table, String transport, int round, ManagedChannel channel) {
        unaryCalls(channel, seconds); // warm-up: the JIT compiles the path
        double calls = unaryCalls(channel, seconds) / (double) seconds;
        mebibytes(channel, seconds);
        double mib = mebibytes(channel, seconds) / (double) seconds;
        table.add(transport, round, ResultTable.fixed(calls, 0), ResultTable.fixed(mib, 1));
    }

    /** Unary calls of 100 bytes, one after the other, for {@code seconds}. */
    private static long unaryCalls(ManagedChannel channel, int seconds) {
        BytesValue request = BytesValue.of(ByteString.copyFrom(new byte[100]));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long calls = 0;
        while (System.nanoTime() < end) {
            ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
            calls++;
        }
        return calls;
    }

    /** 1 MiB server streams, one after the other, for {@code seconds}: MiB received. */
    private static long mebibytes(ManagedChannel channel, int seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long bytes = 0;
        while (System.nanoTime() < end) {
            Iterator<BytesValue> chunks = ClientCalls.blockingServerStreamingCall(channel, MEBIBYTE,
                    CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), BytesValue.getDefaultInstance());
            while (chunks.hasNext()) {
                bytes += chunks.next().getValue().size();
            }
        }
        return bytes >> 20;
    }
}
