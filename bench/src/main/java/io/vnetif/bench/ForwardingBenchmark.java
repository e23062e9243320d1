package io.vnetif.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vnetif.api.DropReason;
import io.vnetif.api.MacAddress;
import io.vnetif.core.SwitchEngine;
import io.vnetif.core.SwitchLimits;
import io.vnetif.core.impair.FrameMatch;
import io.vnetif.core.impair.ImpairmentSpec;
import io.vnetif.core.impair.Loss;
import io.vnetif.core.port.FrameSink;
import io.vnetif.core.port.Port;
import io.vnetif.core.port.PortSpec;
import io.vnetif.wire.DatagramHeader;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * engine (ingress checks, learning, lookup, delivery to a sink that only counts), for learned
 * unicast frames (to each other port in turn) and for a broadcast to N ports; with no impairment, and with one rule that matches
 * nothing (the cost of having rules at all). Run with {@code -prof gc} for bytes allocated per frame.
 * Unicast at 2 to 256 ports shows whether learning keeps the cost flat; the broadcast also reports
 * {@code copies} (delivered copies per microsecond), whose inverse is the cost of one copy of a flood.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class ForwardingBenchmark {
    /** The forwarding alone: no storm control or sharing of the thread, which would cut a loop that floods back to back. */
    private static final SwitchLimits BENCHED_LIMITS = SwitchLimits.DEFAULTS.withPortFloodsPerSecond(0).withNetworkMaxShare(1);

    /** Ports on the network (the broadcast goes to all but one). */
    @Param({"2", "16", "64", "256"})
    int ports;

    /**
     * "none"; "idle-rule": one rule that matches no frame here; "cleared": that rule added and removed
     * again, which must leave the plain path as fast as "none".
     */
    @Param({"none", "idle-rule", "cleared"})
    String impairments;

    private SwitchEngine engine;
    private Port sender;
    private ByteBuf datagram;
    /** A unicast frame to each other port, sent in turn: the MAC table holds every port, as on a busy LAN. */
    private ByteBuf[] unicast;
    private int nextUnicast;
    private ByteBuf broadcast;
    private long delivered;
    private long copies;

    /** Copies delivered, reported by JMH per time unit beside the floods per time unit. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Deliveries {
        public long copies;

        @Setup(Level.Iteration)
        public void reset() {
            copies = 0; // JMH does not reset auxiliary counters between iterations
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        engine = new SwitchEngine(BENCHED_LIMITS, System::nanoTime, new SplittableRandom(1), (task, delay) -> task.run());
        FrameSink counting = frame -> {
            delivered += frame.readableBytes();
            copies++;
            return (DropReason) null;
        };
        sender = engine.attach("bench", PortSpec.defaults(), counting);
        unicast = new ByteBuf[ports - 1];
        for (int i = 0; i < unicast.length; i++) {
            Port receiver = engine.attach("bench", PortSpec.defaults(), counting);
            engine.ingress(receiver, frame(MacAddress.BROADCAST, receiver.mac(), 64)); // the switch learns it
            unicast[i] = frame(receiver.mac(), sender.mac(), 1500);
        }
        if (!impairments.equals("none")) {
            engine.addImpairment("bench", ImpairmentSpec.builder(io.vnetif.core.impair.Scope.network())
                    .match(FrameMatch.ALL.withEtherType(0x0806)).loss(new Loss(1.0, 0)).seed(1).build());
        }
        if (impairments.equals("cleared")) {
            engine.clearImpairments("bench");
        }
        broadcast = frame(MacAddress.BROADCAST, sender.mac(), 1500);
        datagram = PooledByteBufAllocator.DEFAULT.directBuffer(DatagramHeader.LENGTH + 1514);
        DatagramHeader.write(datagram, DatagramHeader.TYPE_FRAME, sender.id(), 42L);
        datagram.writeBytes(unicast[0], unicast[0].readerIndex(), unicast[0].readableBytes());
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
        engine.ingress(sender, unicast[nextUnicast]);
        nextUnicast = nextUnicast + 1 == unicast.length ? 0 : nextUnicast + 1;
        return delivered;
    }

    /** Ingress checks, learning and a flood to every other port. */
    @Benchmark
    public long forwardBroadcast(Deliveries deliveries) {
        long before = copies;
        engine.ingress(sender, broadcast);
        deliveries.copies += copies - before;
        return delivered;
    }
}
