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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * gRPC-java over vnetif's Netty transport beside the same gRPC over Netty's NIO on loopback TCP, in one run:
 * unary calls per second (one in flight, 100-byte messages) and server streaming of 1 MiB per call (16 messages
 * of 64 KiB), messages of protobuf's BytesValue. By default both ends in this JVM: on vnetif two stacks of the
 * in-process switch, on loopback the kernel's TCP; prints one table and writes bench/results/grpc.csv. With
 * {@code --server-jvm} the servers run in a second JVM each (this class with {@code --serve}) and vnetif's frames
 * go through the switch in a third (the remote switch over UDP); writes bench/results/grpc-two-jvms.csv.
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

    @Option(names = "--server-jvm", description = "Run each server in a second JVM (forked with this class path), on vnetif through the "
            + "switch in a third (forked from --switch-jar): the remote switch over UDP, client and server stacks in different processes.")
    boolean serverJvm;

    @Option(names = "--switch-jar", defaultValue = "switch-server/target/vnetif-switch.jar",
            description = "The switch's runnable jar, for --server-jvm. Default: ${DEFAULT-VALUE}")
    Path switchJar;

    @Option(names = "--serve", description = "Internal, what --server-jvm forks: only the server, on vnetif or loopback, until stdin ends.")
    Transport serve;

    @Option(names = "--switch", description = "Internal, with --serve vnetif: the switch's control address.")
    String switchAddress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where the servers run. */
    enum Transport { vnetif, loopback }

    private static final int VNETIF_PORT = 50051;
    private static final Pattern SWITCH_READY = Pattern.compile("vnetif switch ready: control=(\\S+)");
    private static final Pattern SERVER_READY = Pattern.compile("grpc server ready: port=(\\d+)");
    private static final String VNETIF_ONE_JVM = "vnetif (two stacks, in-process switch)";
    private static final String VNETIF_TWO_JVMS = "vnetif (two JVMs, remote switch)";
    private static final String LOOPBACK = "NIO on loopback TCP";

    public static void main(String[] args) {
        System.exit(new CommandLine(new GrpcBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (serve != null) {
            return serve();
        }
        System.out.printf("mode: gRPC %s; %d cores, max heap %d MiB%n", serverJvm
                        ? "client in this JVM, server in a second one, on vnetif through the switch in a third"
                        : "client and server in one JVM",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        ResultTable table = new ResultTable(serverJvm ? "grpc-two-jvms" : "grpc", "transport", "round", "unary calls/s", "1 MiB streams: MiB/s");
        if (serverJvm) {
            twoJvms(table);
        } else {
            oneJvm(table);
        }
        table.printAndSave();
        return 0;
    }

    private void oneJvm(ResultTable table) throws Exception {
        ServerServiceDefinition service = service();
        for (int round = 1; round <= rounds; round++) {
            double[] vnetif;
            try (VirtualSwitch lan = VirtualSwitch.inProcess();
                 NetStack serverStack = NetStack.on(lan.attach("bench"), "198.19.0.7/24");
                 NetStack clientStack = NetStack.on(lan.attach("bench"), "198.19.0.5/24")) {
                Server server = VnetifGrpc.server(serverStack, VNETIF_PORT).addService(service).build().start();
                vnetif = measure(table, VNETIF_ONE_JVM, round, VnetifGrpc.channel(clientStack, "198.19.0.7", VNETIF_PORT).build());
                server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
            EventLoopGroup group = nioGroup();
            try {
                Server server = loopbackServer(group, service);
                ratios(table, round, vnetif, measure(table, LOOPBACK, round, loopbackChannel(group, server.getPort())));
                server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            } finally {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
            }
        }
    }

    /**
     * Both servers start once, each in its own JVM, and stay up for every round, so their JIT warms once as a
     * long-running service's does; the rounds alternate the transports. The switch and the servers end with this
     * method, also when it fails (and from shutdown hooks when this JVM is stopped; the servers also when their
     * stdin, this JVM, goes).
     */
    private void twoJvms(ResultTable table) throws Exception {
        String classPath = System.getProperty("java.class.path");
        String self = GrpcBench.class.getName();
        EventLoopGroup group = nioGroup();
        try (ChildJvm lanJvm = ChildJvm.start("switch", List.of("-jar", switchJar.toString(),
                "--control", "127.0.0.1:0", "--data", "127.0.0.1:0", "--metrics", "off"))) {
            String control = lanJvm.await(SWITCH_READY, 60).group(1);
            try (ChildJvm vnetifJvm = ChildJvm.start("vnetif server", List.of("-cp", classPath, self, "--serve", "vnetif", "--switch", control));
                 ChildJvm loopbackJvm = ChildJvm.start("loopback server", List.of("-cp", classPath, self, "--serve", "loopback"));
                 VirtualSwitch lan = VirtualSwitch.remote(control);
                 NetStack clientStack = NetStack.on(lan.attach("bench"), "198.19.0.5/24")) {
                int vnetifPort = Integer.parseInt(vnetifJvm.await(SERVER_READY, 60).group(1));
                int loopbackPort = Integer.parseInt(loopbackJvm.await(SERVER_READY, 60).group(1));
                for (int round = 1; round <= rounds; round++) {
                    double[] vnetif = measure(table, VNETIF_TWO_JVMS, round, VnetifGrpc.channel(clientStack, "198.19.0.7", vnetifPort).build());
                    ratios(table, round, vnetif, measure(table, LOOPBACK + " (two JVMs)", round, loopbackChannel(group, loopbackPort)));
                }
            }
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
    }

    /** The forked server: serves until its stdin ends (the benchmark JVM closed it or went away). */
    private int serve() throws Exception {
        ServerServiceDefinition service = service();
        if (serve == Transport.vnetif) {
            if (switchAddress == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--serve vnetif needs --switch HOST:PORT, the switch's control address");
            }
            try (VirtualSwitch lan = VirtualSwitch.remote(switchAddress);
                 NetStack stack = NetStack.on(lan.attach("bench"), "198.19.0.7/24")) {
                serveUntilStdinEnds(VnetifGrpc.server(stack, VNETIF_PORT).addService(service).build().start());
            }
        } else {
            EventLoopGroup group = nioGroup();
            try {
                serveUntilStdinEnds(loopbackServer(group, service));
            } finally {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
            }
        }
        return 0;
    }

    private static void serveUntilStdinEnds(Server server) throws Exception {
        System.out.println("grpc server ready: port=" + server.getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // nothing is sent on stdin: it only ends
        }
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    private static ServerServiceDefinition service() {
        return ServerServiceDefinition.builder("bench.Grpc")
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
    }

    private static EventLoopGroup nioGroup() {
        return new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    private static Server loopbackServer(EventLoopGroup group, ServerServiceDefinition service) throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).channelType(NioServerSocketChannel.class)
                .bossEventLoopGroup(group).workerEventLoopGroup(group).addService(service).build().start();
    }

    private static ManagedChannel loopbackChannel(EventLoopGroup group, int port) {
        return NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .channelType(NioSocketChannel.class).eventLoopGroup(group).usePlaintext().build();
    }

    /** The row of vnetif over loopback, the same round's figures. */
    private static void ratios(ResultTable table, int round, double[] vnetif, double[] loopback) {
        table.add("vnetif / loopback", round, ResultTable.fixed(vnetif[0] / loopback[0], 2), ResultTable.fixed(vnetif[1] / loopback[1], 2));
    }

    /** Measures over {@code channel}, then shuts it: unary calls/s and MiB/s. */
    private double[] measure(ResultTable table, String transport, int round, ManagedChannel channel) throws InterruptedException {
        try {
            unaryCalls(channel, seconds); // warm-up: the JIT compiles the path
            double calls = unaryCalls(channel, seconds) / (double) seconds;
            mebibytes(channel, seconds);
            double mib = mebibytes(channel, seconds) / (double) seconds;
            table.add(transport, round, ResultTable.fixed(calls, 0), ResultTable.fixed(mib, 1));
            return new double[] {calls, mib};
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
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
