package io.vnetif.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vnetif.core.DropReason;
import io.vnetif.core.FrameSink;
import io.vnetif.core.MacAddress;
import io.vnetif.core.Port;
import io.vnetif.core.PortSpec;
import io.vnetif.core.SwitchEngine;
import io.vnetif.core.SwitchLimits;
import io.vnetif.core.impair.FrameMatch;
import io.vnetif.core.impair.ImpairmentSpec;
import io.vnetif.core.impair.Loss;
import io.vnetif.wire.DatagramHeader;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The switch's per-frame work without sockets: header check and authentication fields, then the
 * engine (ingress checks, learning, lookup, delivery to a sink that only counts), for a learned
 * unicast frame and for a broadcast to N ports; with no impairment, and with one rule that matches
 * nothing (the cost of having rules at all). Run with {@code -prof gc} for bytes allocated per frame.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class ForwardingBenchmark {
    /** Ports on the network (the broadcast goes to all but one). */
    @Param({"2", "64"})
    int ports;

    /** "none", or "idle-rule": one rule that matches no frame here. */
    @Param({"none", "idle-rule"})
    String impairments;

    private SwitchEngine engine;
    private Port sender;
    private ByteBuf datagram;
    private ByteBuf unicast;
    private ByteBuf broadcast;
    private long delivered;

    @Setup(Level.Trial)
    public void setUp() {
        engine = new SwitchEngine(SwitchLimits.DEFAULTS, System::nanoTime, new SplittableRandom(1), (task, delay) -> task.run());
        FrameSink counting = frame -> {
            delivered += frame.readableBytes();
            return (DropReason) null;
        };
        sender = engine.attach("bench", PortSpec.defaults(), counting);
        Port receiver = engine.attach("bench", PortSpec.defaults(), counting);
        for (int i = 2; i < ports; i++) {
            engine.attach("bench", PortSpec.defaults(), counting);
        }
        if (impairments.equals("idle-rule")) {
            engine.addImpairment("bench", ImpairmentSpec.builder(io.vnetif.core.impair.Scope.network())
                    .match(FrameMatch.ALL.withEtherType(0x0806)).loss(new Loss(1.0, 0)).seed(1).build());
        }
        unicast = frame(receiver.mac(), sender.mac(), 1500);
        broadcast = frame(MacAddress.BROADCAST, sender.mac(), 1500);
        engine.ingress(receiver, frame(MacAddress.BROADCAST, receiver.mac(), 64)); // learn the receiver
        datagram = PooledByteBufAllocator.DEFAULT.directBuffer(DatagramHeader.LENGTH + 1514);
        DatagramHeader.write(datagram, DatagramHeader.TYPE_FRAME, sender.id(), 42L);
        datagram.writeBytes(unicast, unicast.readerIndex(), unicast.readableBytes());
    }

    private static ByteBuf frame(MacAddress dst, MacAddress src, int length) {
        ByteBuf f = PooledByteBufAllocator.DEFAULT.directBuffer(length);
        f.writeBytes(dst.toBytes()).writeBytes(src.toBytes()).writeShort(0x88B5).writeZero(length - 14);
        return f;
    }

    /** Header check and the fields authentication compares (port id, secret). */
    @Benchmark
    public long decode() {
        return DatagramHeader.check(datagram) == null ? DatagramHeader.portId(datagram) ^ DatagramHeader.secret(datagram) : 0;
    }

    /** Ingress checks, learning, lookup and one delivery. */
    @Benchmark
    public long forwardUnicast() {
        engine.ingress(sender, unicast);
        return delivered;
    }

    /** Ingress checks, learning and a flood to every other port. */
    @Benchmark
    public long forwardBroadcast() {
        engine.ingress(sender, broadcast);
        return delivered;
    }
}
