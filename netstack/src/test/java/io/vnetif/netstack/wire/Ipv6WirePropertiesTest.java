package io.vnetif.netstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * IPv6, ICMPv6, neighbour discovery and MLDv2 on the wire: what is written reads back the same, any bytes
 * get a reason or a reading within what arrived (never an exception), checksums hold over the pseudo header.
 */
class Ipv6WirePropertiesTest {
    private static final Ipv6Address A = Ipv6Address.parse("2001:db8::5");
    private static final Ipv6Address B = Ipv6Address.parse("fe80::5054:ff:fe12:3456");

    @Property(tries = 1000)
    void anAddressReadsBackFromItsTextAndItsBytes(@ForAll long hi, @ForAll long lo) throws Exception {
        Ipv6Address a = Ipv6Address.of(hi, lo);
        String text = a.toString();
        assertThat(InetAddress.getByName(text).getAddress()).as("the JDK reads %s as the same bytes", text).isEqualTo(bytes(a));
        if (!a.isIpv4Mapped()) { // the JDK turns ::ffff:a.b.c.d into an IPv4 address, which the stack refuses here
            assertThat(Ipv6Address.parse(text)).isEqualTo(a);
            assertThat(Ipv6Address.of(a.toInet())).isEqualTo(a);
        }
        byte[] f = new byte[20];
        a.write(f, 2);
        assertThat(Ipv6Address.read(f, 2)).isEqualTo(a);
        assertThat(a.isAt(f, 2)).isTrue();
        assertThat(text).doesNotContain(":::").matches("[0-9a-f:.]+");
    }

    private static byte[] bytes(Ipv6Address a) {
        byte[] b = new byte[16];
        a.write(b, 0);
        return b;
    }

    @Test
    void derivedAddressesFollowTheRfcs() {
        // RFC 4291 appendix A: 52:54:00:12:34:56 → interface identifier 5054:00ff:fe12:3456.
        assertThat(Ipv6Address.linkLocal(0x5254_0012_3456L)).isEqualTo(B);
        assertThat(B.isLinkLocal()).isTrue();
        assertThat(A.isLinkLocal()).isFalse();
        assertThat(A.solicitedNode()).isEqualTo(Ipv6Address.parse("ff02::1:ff00:5"));
        assertThat(B.solicitedNode()).isEqualTo(Ipv6Address.parse("ff02::1:ff12:3456"));
        assertThat(A.solicitedNode().multicastMac()).isEqualTo(0x3333_FF00_0005L);
        assertThat(A.samePrefix(Ipv6Address.parse("2001:db8::ffff:1"), 64)).isTrue();
        assertThat(A.samePrefix(Ipv6Address.parse("2001:db9::5"), 32)).isFalse();
        assertThat(A.samePrefix(Ipv6Address.parse("2001:db8::4"), 127)).isTrue();
        assertThat(A.samePrefix(Ipv6Address.parse("2001:db8::6"), 127)).isFalse();
        assertThat(Ipv6Address.parse("2001:db8:0:0:1:0:0:1").toString()).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Ipv6Address.parse("2001:0:0:1:0:0:0:1").toString()).isEqualTo("2001:0:0:1::1");
        for (String bad : List.of("198.18.0.1", "2001:db8::5/64", "fe80::1%eth0", "[::1]", "2001:db8:::5", "g::1", "")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ipv6Address.parse(bad)).hasMessageContaining("is not an IPv6 address");
        }
    }

    @Property(tries = 2000)
    void anyPacketIsWalkedWithinWhatArrivedOrRefused(@ForAll @Size(max = 120) byte[] packet, @ForAll @IntRange(max = 120) int claimed,
                                                     @ForAll boolean plausible) {
        int available = Math.min(claimed, packet.length);
        if (plausible && available >= Ipv6Header.LENGTH) {
            // Mostly a version-6 header whose length fits, with extension headers chained: the walk itself gets tried.
            int[] next = {Ipv6Header.NEXT_HOP_BY_HOP, Ipv6Header.NEXT_DESTINATION_OPTIONS, Ipv6Header.NEXT_TCP, Ipv6Header.NEXT_ICMPV6};
            packet[0] = 0x60;
            Bytes.put16(packet, 4, available - Ipv6Header.LENGTH - (packet[5] & 3));
            packet[6] = (byte) next[packet[6] & 3];
            for (int o = Ipv6Header.LENGTH; o + 1 < packet.length; o += 8) {
                packet[o] = (byte) next[packet[o] & 3];
                packet[o + 1] = (byte) (packet[o + 1] & 1);
            }
        }
        byte[] f = guarded(packet, (byte) 0x55);
        String wrong = Ipv6Header.invalid(f, 8, available);
        Statistics.label("header").collect(wrong == null ? "read" : "refused");
        if (wrong != null) {
            assertThat(wrong).isNotBlank();
            return;
        }
        Ipv6Payload p = new Ipv6Payload();
        String walk = p.read(f, 8);
        Statistics.label("walk").collect(walk == null ? "read" : "refused");
        Statistics.label("walk").coverage(c -> {
            c.check("read").count(n -> n > 0);
            c.check("refused").count(n -> n > 0);
        });
        Ipv6Payload q = new Ipv6Payload();
        String other = q.read(guarded(packet, (byte) 0xAA), 8);
        assertThat(other + q.protocol + q.at + q.length + q.routerAlert).as("whatever lies beyond the packet")
                .isEqualTo(walk + (walk == null ? p.protocol + "" + p.at + p.length + p.routerAlert : q.protocol + "" + q.at + q.length + q.routerAlert));
        if (walk == null) {
            assertThat(p.at).isGreaterThanOrEqualTo(8 + Ipv6Header.LENGTH);
            assertThat(p.at + p.length).isEqualTo(8 + Ipv6Header.LENGTH + Ipv6Header.payloadLength(f, 8));
        }
    }

    @Property(tries = 2000)
    void anyNeighbourDiscoveryMessageIsReadWithinItsLengthOrRefused(@ForAll @IntRange(min = 133, max = 137) int type,
                                                                     @ForAll @Size(max = 80) byte[] body) {
        byte[] message = new byte[body.length + 2];
        message[0] = (byte) type;
        System.arraycopy(body, 0, message, 2, body.length);
        if (body.length > 0 && body[0] % 4 != 0) {
            message[1] = 0; // mostly code 0, so the options get read
        }
        NdpOptions o = new NdpOptions();
        String wrong = NdpMessage.invalid(guarded(message, (byte) 0x55), 8, message.length, o);
        String read = wrong + " " + o.sourceMac + " " + o.targetMac + " " + o.mtu + " " + o.prefixLength + " " + o.prefixAt;
        NdpOptions other = new NdpOptions();
        String otherWrong = NdpMessage.invalid(guarded(message, (byte) 0xAA), 8, message.length, other);
        assertThat(otherWrong + " " + other.sourceMac + " " + other.targetMac + " " + other.mtu + " " + other.prefixLength + " "
                + other.prefixAt).isEqualTo(read);
        Statistics.label("nd").collect(wrong == null ? "read" : "refused");
        if (wrong != null) {
            assertThat(wrong).isNotBlank();
        } else {
            assertThat(o.prefixAt).isLessThanOrEqualTo(8 + message.length - 16);
        }
        Statistics.label("nd").coverage(c -> {
            c.check("read").count(n -> n > 0);
            c.check("refused").count(n -> n > 0);
        });
    }

    @Property(tries = 2000)
    void anyMldMessageIsReadWithinItsLengthOrRefused(@ForAll @Size(max = 120) byte[] message) {
        byte[] f = guarded(message, (byte) 0x55);
        String report = Mld.invalidReport(f, 8, message.length);
        String query = Mld.invalidQuery(f, 8, message.length);
        assertThat(Mld.invalidReport(guarded(message, (byte) 0xAA), 8, message.length)).isEqualTo(report);
        assertThat(Mld.invalidQuery(guarded(message, (byte) 0xAA), 8, message.length)).isEqualTo(query);
        if (report == null) {
            int o = 8 + Mld.RECORDS_AT;
            for (int i = Mld.recordCount(f, 8); i > 0; i--) {
                o += Mld.recordLength(f, o);
            }
            assertThat(o).isLessThanOrEqualTo(8 + message.length);
        }
    }

    @Property(tries = 500)
    void solicitationsAndAdvertisementsReadBackAndChecksum(@ForAll long targetHi, @ForAll long targetLo,
                                                           @ForAll @net.jqwik.api.constraints.LongRange(max = 0xFFFF_FFFFL) long mac48, @ForAll boolean fromUnspecified,
                                                           @ForAll @IntRange(max = 7) int flagBits) {
        Ipv6Address target = Ipv6Address.of(targetHi & 0x00FF_FFFF_FFFF_FFFFL, targetLo); // never multicast
        long mac = (mac48 << 16 | 0x02) & ~0x0100_0000_0000L; // a station MAC: the group bit clear
        byte[] f = new byte[200];
        int ipAt = 14;
        int at = ipAt + Ipv6Header.LENGTH;
        int ns = NdpMessage.writeSolicitation(f, at, target, fromUnspecified ? -1 : mac);
        Ipv6Address source = fromUnspecified ? Ipv6Address.UNSPECIFIED : B;
        Icmpv6Header.write(f, at, Icmpv6Header.NEIGHBOR_SOLICITATION, 0, Bytes.i32(f, at + 4), ns, source, target.solicitedNode());
        Ipv6Header.write(f, ipAt, ns, Ipv6Header.NEXT_ICMPV6, 255, source, target.solicitedNode());
        assertThat(Icmpv6Header.checksumValid(f, ipAt, at, ns)).isTrue();
        NdpOptions o = new NdpOptions();
        assertThat(NdpMessage.invalid(f, at, ns, o)).isNull();
        assertThat(NdpMessage.target(f, at)).isEqualTo(target);
        assertThat(o.sourceMac).isEqualTo(fromUnspecified ? -1 : mac);
        f[at + ns - 1] ^= 1;
        assertThat(Icmpv6Header.checksumValid(f, ipAt, at, ns)).as("a flipped bit").isFalse();

        int flags = flagBits << 5;
        int na = NdpMessage.writeAdvertisement(f, at, target, flags, mac);
        Icmpv6Header.write(f, at, Icmpv6Header.NEIGHBOR_ADVERTISEMENT, 0, Bytes.i32(f, at + 4), na, A, B);
        Ipv6Header.write(f, ipAt, na, Ipv6Header.NEXT_ICMPV6, 255, A, B);
        assertThat(Icmpv6Header.checksumValid(f, ipAt, at, na)).isTrue();
        assertThat(NdpMessage.invalid(f, at, na, o)).isNull();
        assertThat(NdpMessage.advertisementFlags(f, at)).isEqualTo(flags);
        assertThat(o.targetMac).isEqualTo(mac);
        assertThat(o.sourceMac).isEqualTo(-1);
    }

    @Test
    void aRouterAdvertisementReadsBack() {
        byte[] f = new byte[128];
        NdpMessage.writeRouterAdvertisement(f, 0, 64, 0x40, 1800, 30_000, 1_000);
        Bytes.put8(f, 0, Icmpv6Header.ROUTER_ADVERTISEMENT);
        int end = NdpOptions.writeLinkAddress(f, NdpMessage.RA_OPTIONS_AT, NdpOptions.SOURCE_LINK_ADDRESS, 0x0200_0000_0001L);
        end = NdpOptions.writeMtu(f, end, 1400);
        end = NdpOptions.writePrefix(f, end, Ipv6Address.parse("2001:db8::"), 64, 0xC0, 86400, 14400);
        NdpOptions o = new NdpOptions();
        assertThat(NdpMessage.invalid(f, 0, end, o)).isNull();
        assertThat(NdpMessage.raHopLimit(f, 0)).isEqualTo(64);
        assertThat(NdpMessage.raRouterLifetimeSeconds(f, 0)).isEqualTo(1800);
        assertThat(NdpMessage.raReachableTimeMillis(f, 0)).isEqualTo(30_000);
        assertThat(NdpMessage.raRetransmitTimerMillis(f, 0)).isEqualTo(1_000);
        assertThat(o.sourceMac).isEqualTo(0x0200_0000_0001L);
        assertThat(o.mtu).isEqualTo(1400);
        assertThat(o.prefixLength).isEqualTo(64);
        assertThat(o.prefixValidSeconds).isEqualTo(86400);
        assertThat(Ipv6Address.read(f, o.prefixAt)).isEqualTo(Ipv6Address.parse("2001:db8::"));
        Bytes.put8(f, NdpMessage.RA_OPTIONS_AT + 1, 0);
        assertThat(NdpMessage.invalid(f, 0, end, o)).contains("length 0");
        int rs = NdpMessage.writeRouterSolicitation(f, 0, 0x0200_0000_0001L);
        Bytes.put8(f, 0, Icmpv6Header.ROUTER_SOLICITATION);
        assertThat(NdpMessage.invalid(f, 0, rs, o)).isNull();
        assertThat(o.sourceMac).isEqualTo(0x0200_0000_0001L);
    }

    @Property(tries = 300)
    void aReportReadsBackItsGroups(@ForAll @Size(max = 8) List<@IntRange(max = 0xFFFFFF) Integer> low24,
                                   @ForAll @IntRange(min = 1, max = 4) int recordType) {
        List<Ipv6Address> groups = low24.stream().map(l -> Ipv6Address.of(0, l).solicitedNode()).toList();
        byte[] f = new byte[Mld.RECORDS_AT + groups.size() * Mld.RECORD_HEADER];
        int length = Mld.writeReport(f, 0, recordType, groups);
        assertThat(length).isEqualTo(f.length);
        assertThat(Mld.invalidReport(f, 0, length)).isNull();
        assertThat(Mld.recordCount(f, 0)).isEqualTo(groups.size());
        int o = Mld.RECORDS_AT;
        for (Ipv6Address g : groups) {
            assertThat(Mld.recordType(f, o)).isEqualTo(recordType);
            assertThat(Mld.recordGroup(f, o)).isEqualTo(g);
            o += Mld.recordLength(f, o);
        }
        if (length > Mld.RECORDS_AT) {
            assertThat(Mld.invalidReport(f, 0, length - 1)).isNotNull();
        }
    }

    @Property(tries = 500)
    void thePseudoHeaderSumIsTheSameFromAddressesAndInPlace(@ForAll long sh, @ForAll long sl, @ForAll long dh, @ForAll long dl,
                                                           @ForAll @Size(max = 64) byte[] payload) {
        Ipv6Address s = Ipv6Address.of(sh, sl);
        Ipv6Address d = Ipv6Address.of(dh, dl);
        byte[] f = new byte[Ipv6Header.LENGTH + payload.length];
        Ipv6Header.write(f, 0, payload.length, Ipv6Header.NEXT_UDP, 64, s, d);
        System.arraycopy(payload, 0, f, Ipv6Header.LENGTH, payload.length);
        long data = Checksum.sum(f, Ipv6Header.LENGTH, payload.length);
        assertThat(Checksum.finish(Checksum.pseudoHeader(s, d, Ipv6Header.NEXT_UDP, payload.length) + data))
                .isEqualTo(Checksum.finish(Ipv6Header.pseudoHeaderSum(f, 0, Ipv6Header.NEXT_UDP, payload.length) + data));
    }

    @Test
    void mldQueriesOfBothVersionsAndTheirDelays() {
        byte[] q = new byte[Mld.QUERY_V2_MIN_LENGTH + 16];
        assertThat(Mld.invalidQuery(q, 0, Mld.QUERY_V1_LENGTH)).isNull();
        assertThat(Mld.invalidQuery(q, 0, Mld.QUERY_V2_MIN_LENGTH)).isNull();
        assertThat(Mld.invalidQuery(q, 0, 25)).isNotNull();
        Bytes.put16(q, 26, 2);
        assertThat(Mld.invalidQuery(q, 0, q.length)).contains("sources beyond");
        Bytes.put16(q, 4, 10_000);
        assertThat(Mld.maxResponseMillis(q, 0)).isEqualTo(10_000);
        Bytes.put16(q, 4, 0x8000); // exp 0, mant 0: (0x1000) << 3
        assertThat(Mld.maxResponseMillis(q, 0)).isEqualTo(32768);
    }

    private static byte[] guarded(byte[] bytes, byte guard) {
        byte[] f = new byte[bytes.length + 16];
        Arrays.fill(f, guard);
        System.arraycopy(bytes, 0, f, 8, bytes.length);
        return f;
    }
}
