package io.vnetif.server.control;

import io.vnetif.api.MacAddress;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators for the fields of control requests: valid values, to build valid requests from, and values
 * near and beyond the valid ones (edges of each range, near misses, garbage — valid ones mixed in), to
 * change fields to. Host texts are literals only: a host name would be looked up in DNS, and these tests
 * talk to loopback only, so every address a port could send to is in 127.0.0.0/8 or ::1 — and a text
 * whose host part is no literal must be refused before the lookup (no port, IPv6 without brackets).
 */
public final class RequestArbitraries {
    private RequestArbitraries() {
    }

    // ---- valid values ----

    /** Mostly {@code known} names, else the default network (by name or empty), or a valid name nobody uses yet. */
    static Arbitrary<String> validNetworkNames(String... known) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(known)),
                Tuple.of(1, Arbitraries.of("", "default")),
                Tuple.of(1, Combinators.combine(Arbitraries.strings().alpha().numeric().ofLength(1),
                        Arbitraries.strings().alpha().numeric().withChars("._-").ofMaxLength(63)).as(String::concat)));
    }

    /** Locally administered unicast MACs, as a switch assigns them. */
    static Arbitrary<String> freshMacs() {
        return Arbitraries.longs().between(0, (1L << 48) - 1)
                .map(bits -> MacAddress.fromLong((bits & ~(1L << 40)) | (1L << 41)).toString());
    }

    static Arbitrary<String> shortLabels() {
        return Arbitraries.strings().alpha().numeric().withChars(" -").ofMaxLength(12);
    }

    /** "host:port" on loopback, IPv4 or IPv6. */
    static Arbitrary<String> loopbackEndpoints() {
        return Combinators.combine(Arbitraries.of("127.0.0.1", "127.0.0.2", "127.3.2.1", "[::1]"), Arbitraries.integers().between(20000, 60000))
                .as((host, port) -> host + ":" + port);
    }

    // ---- values near and beyond the valid ones ----

    /** Valid names (see {@link #validNetworkNames}) and names the pattern refuses. */
    static Arbitrary<String> networkNames(String... known) {
        return Arbitraries.frequencyOf(
                Tuple.of(1, validNetworkNames(known)),
                Tuple.of(1, Arbitraries.of("-lead", ".dot", "_under", "a/b", "a b", "x".repeat(64), "x".repeat(65),
                        "caf\u00e9", "lab\n", "\u0000", "lab:1")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(80)));
    }

    /** {@code known} MACs and fresh unicast ones, group and zero addresses, near misses and garbage. */
    static Arbitrary<String> macs(List<String> known) {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(known)),
                Tuple.of(2, freshMacs()),
                Tuple.of(1, Arbitraries.of("01:00:5e:00:00:01", "ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00", "02-00-00-00-00-0A",
                        "02:00:00:00:00:1", "02:00:00:00:00:0g", "02:00:00:00:00:01:", "02.00.00.00.00.01", "02:00:00:00:00:+1")),
                Tuple.of(1, Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789abcdefABCDEF:-g +").ofLength(17),
                        Arbitraries.strings().ofMaxLength(20))));
    }

    /** {@code known} labels, short ones, either side of the 128-character limit, and any text. */
    static Arbitrary<String> labels(List<String> known) {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(known)),
                Tuple.of(1, shortLabels()),
                Tuple.of(1, Arbitraries.of("x".repeat(128), "x".repeat(129), "\ud800", "\u0000")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(200)));
    }

    /** A proto3 uint32 (held in an int, so values from 2^31 up are negative): mostly {@code typical} values if given, else edges or anything. */
    public static Arbitrary<Integer> uint32s(Integer... typical) {
        return typicalEdgesOrAny(List.of(typical), List.of(0, 1, 65535, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE, -1), Arbitraries.integers());
    }

    /** A proto3 uint64 (held in a long, so values from 2^63 up are negative): mostly {@code typical} values if given, else edges or anything. */
    public static Arbitrary<Long> uint64s(Long... typical) {
        return typicalEdgesOrAny(List.of(typical), List.of(0L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, -1L), Arbitraries.longs());
    }

    private static <T> Arbitrary<T> typicalEdgesOrAny(List<T> typical, List<T> edges, Arbitrary<T> any) {
        Arbitrary<T> edgesOrAny = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(edges)), Tuple.of(1, any));
        return typical.isEmpty() ? edgesOrAny : Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(typical)), Tuple.of(1, edgesOrAny));
    }

    /** Probabilities: mostly in [0, 1], else NaN, infinities, negative zero, just outside, huge. */
    public static Arbitrary<Double> probabilities() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.doubles().between(0, 1)),
                Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1.0,
                        Math.nextUp(1.0), -Double.MIN_VALUE, Double.MIN_VALUE, -1.0, 1e300, -Double.MAX_VALUE)),
                Tuple.of(1, Arbitraries.doubles()));
    }

    /**
     * "host:port" texts as a peer, remote or endpoint field takes them: loopback literals with ports valid
     * or not, the port left out, wildcard addresses, and texts refused before any lookup (IPv6 without
     * brackets, bad IPv6 literals, stray brackets and colons).
     */
    static Arbitrary<String> endpoints() {
        Arbitrary<String> hosts = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("127.0.0.1", "127.0.0.2", "127.3.2.1", "[::1]")),
                Tuple.of(1, Arbitraries.of("0.0.0.0", "[::]", "", "[127.0.0.1]", "[::1%1]", "[::1%lo]", "::1", "[1:2:3]",
                        "[::zz]", "[", ":", "[]")));
        Arbitrary<String> ports = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.integers().between(20000, 60000).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("4789", "1", "65535", "0", "65536", "-1", "", "x", "99999999999", " 5", "+5", "0x10")),
                Tuple.of(1, Arbitraries.strings().numeric().withChars("+- x:").ofMaxLength(12)));
        return Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(hosts, ports).as((host, port) -> host + ":" + port)),
                Tuple.of(1, hosts));
    }

    /** Local addresses a raw-UDP socket may bind: none (the data address), loopback literals, and texts refused before any lookup. */
    static Arbitrary<String> localHosts() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.of("127.0.0.1", "127.0.0.2", "[::1]")),
                Tuple.of(1, Arbitraries.of("::1", "[::zz]", "127.0.0.1:80", "[", ":")));
    }

    /** Local ports for a raw-UDP socket: any free one (0), a high one that is likely free, or out of range. */
    static Arbitrary<Integer> localPorts() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(40000, 60000)),
                Tuple.of(1, Arbitraries.of(65536, Integer.MAX_VALUE, Integer.MIN_VALUE, -1)));
    }
}
