package io.vnetif.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.vnetif.core.SwitchEngine;
import io.vnetif.core.SwitchLimits;
import io.vnetif.core.port.PortSpec;
import io.vnetif.server.io.DataOutputs;
import io.vnetif.server.io.DataPlaneGuard;
import io.vnetif.server.io.DataSocket;
import io.vnetif.server.io.DatagramSends;
import io.vnetif.server.io.Segmentation;
import io.vnetif.server.port.NativeHandler;
import io.vnetif.server.port.NativePort;
import io.vnetif.server.port.PortRegistry;
import io.vnetif.wire.DatagramHeader;
import io.vnetif.wire.SecretCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The switch's whole per-datagram work without the socket calls: the native data plane's decoder
 * (header check, port lookup, secret, bound endpoint), the engine (ingress checks, learning, lookup),
 * the receiving port's encoding of the outgoing datagram into its recipient's batch, and the batch
 * handed over at the end of a receive batch of {@code batch} datagrams (to a stand-in for
 * {@link io.vnetif.server.io.DirectSends} that frees it). Run with {@code -prof gc} for bytes allocated per datagram.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SwitchPathBenchmark {
    /** The forwarding alone: no storm control or sharing of the thread, which would cut a loop that floods back to back. */
    private static final SwitchLimits BENCHED_LIMITS = SwitchLimits.DEFAULTS.withPortFloodsPerSecond(0).withNetworkMaxShare(1);

    /** Datagrams per receive batch: 1 as at a low rate, 32 as a full recvmmsg. */
    @Param({"1", "32"})
    int batch;

    /** Frame bytes. */
    @Param({"64", "1500"})
    int frameBytes;

    private static final InetSocketAddress SENDER = new InetSocketAddress("127.0.0.1", 40001);
    private static final InetSocketAddress RECEIVER = new InetSocketAddress("127.0.0.1", 40002);

    private DataOutputs outputs;
    private NativeHandler handler;
    private DataSocket socket;
    private ByteBuf datagram;

    /** Takes what would be sent and frees it: the socket calls are measured elsewhere (NativeBench, kernel-stacks.sh). */
    private static final class Discarding implements DatagramSends {
        private final Segmentation segmentation = new Segmentation(true);

        @Override
        public Segmentation segmentation() {
            return segmentation;
        }

        @Override
        public void write(DataSocket socket, ByteBuf datagrams, InetSocketAddress to, int segmentSize, int segments) {
            datagrams.release();
        }

        @Override
        public void writeControl(DataSocket socket, ByteBuf payload, InetSocketAddress to) {
            payload.release();
        }

        @Override
        public void flush(DataSocket socket) {
        }

        @Override
        public void flushAll() {
        }

        @Override
        public void close() {
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        SwitchEngine engine = new SwitchEngine(BENCHED_LIMITS, System::nanoTime, new SplittableRandom(1), (task, delay) -> task.run());
        PortRegistry ports = new PortRegistry(engine, System::nanoTime, Duration.ofMinutes(10));
        outputs = new DataOutputs(new Discarding());
        handler = new NativeHandler(ports, outputs, new DataPlaneGuard((where, cause) -> { })); // the guard logs a fatal error
        socket = new DataSocket(new EmbeddedChannel(), handler);
        NativePort sender = attach(ports, SENDER);
        NativePort receiver = attach(ports, RECEIVER);
        datagram = PooledByteBufAllocator.DEFAULT.directBuffer(DatagramHeader.LENGTH + frameBytes);
        // The receiver speaks once, so the switch has learned it: the measured frames are learned unicast.
        ByteBuf hello = frame(receiver, sender.port().mac().toBytes());
        handler.receive(hello, RECEIVER);
        hello.release();
        outputs.flushAll();
        DatagramHeader.write(datagram, DatagramHeader.TYPE_FRAME, sender.port().id(), sender.secret());
        datagram.writeBytes(receiver.port().mac().toBytes()).writeBytes(sender.port().mac().toBytes()).writeShort(0x88B5)
                .writeZero(frameBytes - 14);
    }

    private NativePort attach(PortRegistry ports, InetSocketAddress endpoint) {
        return ports.attach("bench", "bench", PortSpec.defaults(), secret -> new NativePort(secret, new SecretCodec(secret), outputs, socket,
                endpoint, Long.MAX_VALUE));
    }

    private ByteBuf frame(NativePort from, byte[] to) {
        ByteBuf d = PooledByteBufAllocator.DEFAULT.directBuffer(DatagramHeader.LENGTH + 64);
        DatagramHeader.write(d, DatagramHeader.TYPE_FRAME, from.port().id(), from.secret());
        return d.writeBytes(to).writeBytes(from.port().mac().toBytes()).writeShort(0x88B5).writeZero(50);
    }

    /** One receive batch: {@code batch} datagrams decoded, authenticated, switched and encoded, then handed over. */
    @Benchmark
    public void receiveBatch() {
        for (int i = 0; i < batch; i++) {
            datagram.readerIndex(0); // the decoder consumed the header
            handler.receive(datagram, SENDER);
        }
        outputs.flushAll();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        datagram.release();
        socket.channel().close();
    }
}
