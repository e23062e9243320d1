package io.vnetif.server.port;

import io.vnetif.api.MacAddress;
import io.vnetif.wire.Ethernet;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators shared by the data-plane properties: Ethernet frames whose lengths sit on and around
 * every limit the switch checks and whose addresses are often those of the ports at hand (random
 * addresses alone would hardly ever get past the spoofing check), datagrams damaged in one place, and
 * loopback senders.
 */
public final class FrameArbitraries {
    private static final int ETHERNET_HEADER = 14;
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private FrameArbitraries() {
    }

    /** The port MTUs the properties give their ports: smallest, default, jumbo. */
    static Arbitrary<Integer> mtus() {
        return Arbitraries.of(Ethernet.MIN_MTU, Ethernet.DEFAULT_MTU, Ethernet.MAX_MTU);
    }

    /** Frame lengths: shorter than a header, either side of each MTU's largest frame, or anything up to past jumbo. */
    static Arbitrary<Integer> frameLengths() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.integers().between(0, ETHERNET_HEADER + 2)),
                Tuple.of(3, mtus().flatMap(mtu -> Arbitraries.integers().between(mtu + ETHERNET_HEADER - 2, mtu + ETHERNET_HEADER + 2))),
                Tuple.of(5, Arbitraries.integers().between(0, Ethernet.MAX_MTU + ETHERNET_HEADER + 100)));
    }

    /** Frames from and to {@code stations} (or broadcast, or anybody), random after the addresses. */
    static Arbitrary<byte[]> frames(MacAddress... stations) {
        List<byte[]> known = new ArrayList<>();
        for (MacAddress m : stations) {
            known.add(m.toBytes());
        }
        known.add(BROADCAST);
        Arbitrary<byte[]> addresses = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(known)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofSize(6)));
        return Combinators.combine(frameLengths(), addresses, addresses, Arbitraries.randoms()).as((length, destination, source, random) -> {
            byte[] frame = new byte[length];
            random.nextBytes(frame);
            System.arraycopy(destination, 0, frame, 0, Math.min(6, length));
            System.arraycopy(source, 0, frame, Math.min(6, length), Math.max(0, Math.min(6, length - 6)));
            return frame;
        });
    }

    /** {@code valid} datagrams, a third intact, the rest with one byte changed (mostly in the first 24), cut short or extended. */
    static Arbitrary<byte[]> damaged(Arbitrary<byte[]> valid) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, valid),
                Tuple.of(3, valid.flatMap(FrameArbitraries::withOneByteChanged)),
                Tuple.of(2, valid.flatMap(d -> Arbitraries.integers().between(0, d.length).map(n -> Arrays.copyOf(d, n)))),
                Tuple.of(1, valid.flatMap(d -> Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64).map(tail -> concat(d, tail)))));
    }

    private static Arbitrary<byte[]> withOneByteChanged(byte[] datagram) {
        if (datagram.length == 0) {
            return Arbitraries.just(datagram);
        }
        Arbitrary<Integer> at = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, Math.min(24, datagram.length) - 1)),
                Tuple.of(1, Arbitraries.integers().between(0, datagram.length - 1)));
        return Combinators.combine(at, Arbitraries.bytes()).as((i, value) -> {
            byte[] changed = datagram.clone();
            changed[i] = value;
            return changed;
        });
    }

    public static byte[] concat(byte[] head, byte[] tail) {
        byte[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /** A loopback address of the test (never resolved: literals only). */
    static InetAddress loopback(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** {@code endpoint} itself half the time, else another port on its address or its port on another loopback address. */
    static Arbitrary<InetSocketAddress> sendersAround(InetSocketAddress endpoint) {
        Arbitrary<Integer> anyPort = Arbitraries.integers().between(1, 65535);
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(endpoint)),
                Tuple.of(2, anyPort.map(port -> new InetSocketAddress(endpoint.getAddress(), port))),
                Tuple.of(1, Arbitraries.of("127.0.0.2", "127.0.0.3", "::1").map(a -> new InetSocketAddress(loopback(a), endpoint.getPort()))),
                Tuple.of(1, Combinators.combine(Arbitraries.of("127.0.0.1", "127.0.0.2", "::1"), anyPort)
                        .as((a, port) -> new InetSocketAddress(loopback(a), port))));
    }
}
