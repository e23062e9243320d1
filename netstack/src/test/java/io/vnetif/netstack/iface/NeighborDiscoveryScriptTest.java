package io.vnetif.netstack.iface;

import static io.vnetif.netstack.iface.Ipv6Link.MS;
import static io.vnetif.netstack.iface.Ipv6Link.PEER_IP;
import static io.vnetif.netstack.iface.Ipv6Link.PEER_LINK_LOCAL;
import static io.vnetif.netstack.iface.Ipv6Link.PEER_MAC;
import static io.vnetif.netstack.iface.Ipv6Link.S;
import static io.vnetif.netstack.iface.Ipv6Link.STACK_IP;
import static io.vnetif.netstack.iface.Ipv6Link.STACK_MAC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.wire.Bytes;
import io.vnetif.netstack.wire.Icmpv6Header;
import io.vnetif.netstack.wire.Ipv6Address;
import io.vnetif.netstack.wire.Mld;
import io.vnetif.netstack.wire.NdpMessage;
import io.vnetif.netstack.wire.NdpOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Neighbour discovery, duplicate address detection and MLD as scripts on virtual time: exact messages in,
 * the stack's exact answers out, and when (RFC 4861, RFC 4862, RFC 3810).
 */
class NeighborDiscoveryScriptTest {
    private final Ipv6Link link = new Ipv6Link(Ipv6Link.config());

    static byte[] solicitation(Ipv6Address target, long sourceMac) {
        byte[] m = new byte[64];
        int length = NdpMessage.writeSolicitation(m, 0, target, sourceMac);
        Bytes.put8(m, 0, Icmpv6Header.NEIGHBOR_SOLICITATION);
        return Arrays.copyOf(m, length);
    }

    /** An advertisement; {@code targetMac} -1: without the target link-layer address option. */
    static byte[] advertisement(Ipv6Address target, int flags, long targetMac) {
        byte[] m = new byte[64];
        int length = targetMac < 0 ? NdpMessage.NEIGHBOR_OPTIONS_AT : NdpMessage.writeAdvertisement(m, 0, target, flags, targetMac);
        Bytes.put32(m, 4, flags << 24);
        target.write(m, NdpMessage.TARGET_AT);
        Bytes.put8(m, 0, Icmpv6Header.NEIGHBOR_ADVERTISEMENT);
        return Arrays.copyOf(m, length);
    }

    private long counter(Counter c) {
        return link.stack.counters().get(c);
    }

    @Test
    void everyAddressJoinsItsGroupThenIsDetectedAndBecomesPreferred() {
        Ipv6Address linkLocal = Ipv6Address.linkLocal(STACK_MAC);
        // RFC 4862 §5.4.2: the solicited-node group is joined (MLDv2 report from ::, hop limit 1, router alert) before any probe.
        List<Ipv6Address> reported = new ArrayList<>();
        List<Ipv6Address> probed = new ArrayList<>();
        long firstProbe = -1;
        while (probed.size() < 2) {
            Ipv6Link.Sent s = link.expect(2 * S);
            if (s.icmpType() == Icmpv6Header.MLDV2_REPORT) {
                assertThat(probed).as("reports before probes").isEmpty();
                assertThat(s.destination()).isEqualTo(Ipv6Address.MLDV2_ROUTERS);
                assertThat(s.hopLimit()).isEqualTo(1);
                assertThat(s.destinationMac()).isEqualTo(0x3333_0000_0016L);
                assertThat(Mld.recordType(s.frame(), s.messageAt() + Mld.RECORDS_AT)).isEqualTo(Mld.CHANGE_TO_EXCLUDE);
                reported.add(Mld.recordGroup(s.frame(), s.messageAt() + Mld.RECORDS_AT));
                continue;
            }
            assertThat(s.icmpType()).isEqualTo(Icmpv6Header.NEIGHBOR_SOLICITATION);
            Ipv6Address target = NdpMessage.target(s.frame(), s.messageAt());
            assertThat(s.source()).as("DAD's probe comes from ::").isEqualTo(Ipv6Address.UNSPECIFIED);
            assertThat(s.destination()).isEqualTo(target.solicitedNode());
            assertThat(s.destinationMac()).isEqualTo(target.solicitedNode().multicastMac());
            assertThat(s.hopLimit()).isEqualTo(255);
            assertThat(s.messageLength()).as("no source link-layer address from ::").isEqualTo(NdpMessage.NEIGHBOR_OPTIONS_AT);
            probed.add(target);
            firstProbe = firstProbe < 0 ? s.at() : firstProbe;
        }
        assertThat(reported).as("each join reported (and again a moment later)").containsOnly(linkLocal.solicitedNode(), STACK_IP.solicitedNode())
                .contains(linkLocal.solicitedNode(), STACK_IP.solicitedNode());
        assertThat(probed).containsExactlyInAnyOrder(linkLocal, STACK_IP);
        assertThat(firstProbe - 1_000 * MS).as("RFC 4862's random delay before the first probe").isBetween(0L, S);
        assertThat(link.ip().addresses()).extracting(Ipv6Interface.AddressState::state).containsOnly("TENTATIVE");
        link.settle();
        assertThat(link.ip().addresses()).extracting(Ipv6Interface.AddressState::state).containsOnly("PREFERRED");
        assertThat(link.ip().groups()).contains(Ipv6Address.ALL_NODES, linkLocal.solicitedNode(), STACK_IP.solicitedNode());
    }

    @Test
    void anAdvertisementForATentativeAddressMakesItADuplicateNeverUsed() {
        link.expectType(Icmpv6Header.NEIGHBOR_SOLICITATION, 2 * S);
        link.inject(STACK_IP, Ipv6Address.ALL_NODES, 255, Ipv6Address.ALL_NODES.multicastMac(),
                advertisement(STACK_IP, NdpMessage.NA_OVERRIDE, PEER_MAC));
        assertThat(counter(Counter.NDP_DUPLICATE_ADDRESSES)).isEqualTo(1);
        link.settle();
        assertThat(link.ip().addresses()).extracting(a -> a.address() + " " + a.state())
                .containsExactly(Ipv6Address.linkLocal(STACK_MAC) + " PREFERRED", STACK_IP + " DUPLICATE");
        // The duplicate is no source and takes no packets: a ping to a global destination has no address to come from.
        assertThatThrownBy(() -> link.ip().ping(PEER_IP, 8, (seq, rtt) -> { }, link.now())).hasMessageContaining("duplicate address detection");
        link.inject(PEER_IP, STACK_IP, 64, STACK_MAC, Ipv6Link.message(Icmpv6Header.ECHO_REQUEST, 0x0001_0001, new byte[8]));
        assertThat(counter(Counter.DROP_IP6_NOT_FOR_US)).isEqualTo(1);
        assertThat(counter(Counter.ICMP6_ECHO_REPLIES_OUT)).isZero();
    }

    @Test
    void anotherNodesProbeForTheSameTentativeAddressMakesItADuplicate() {
        link.expectType(Icmpv6Header.NEIGHBOR_SOLICITATION, 2 * S);
        link.inject(Ipv6Address.UNSPECIFIED, STACK_IP.solicitedNode(), 255, STACK_IP.solicitedNode().multicastMac(), solicitation(STACK_IP, -1));
        assertThat(counter(Counter.NDP_DUPLICATE_ADDRESSES)).isEqualTo(1);
        // RFC 3810: the group of the address given up is left (CHANGE_TO_INCLUDE of nothing).
        Ipv6Link.Sent leave = link.expectType(Icmpv6Header.MLDV2_REPORT, 0);
        assertThat(Mld.recordType(leave.frame(), leave.messageAt() + Mld.RECORDS_AT)).isEqualTo(Mld.CHANGE_TO_INCLUDE);
        assertThat(Mld.recordGroup(leave.frame(), leave.messageAt() + Mld.RECORDS_AT)).isEqualTo(STACK_IP.solicitedNode());
    }

    @Test
    void aSolicitationIsAnsweredAndTeachesTheCacheItsSender() {
        link.settle();
        link.inject(PEER_IP, STACK_IP.solicitedNode(), 255, STACK_IP.solicitedNode().multicastMac(), solicitation(STACK_IP, PEER_MAC));
        Ipv6Link.Sent na = link.expect(0);
        assertThat(na.icmpType()).isEqualTo(Icmpv6Header.NEIGHBOR_ADVERTISEMENT);
        assertThat(na.source()).isEqualTo(STACK_IP);
        assertThat(na.destination()).isEqualTo(PEER_IP);
        assertThat(na.destinationMac()).as("unicast to the MAC the solicitation named").isEqualTo(PEER_MAC);
        assertThat(na.hopLimit()).isEqualTo(255);
        assertThat(NdpMessage.advertisementFlags(na.frame(), na.messageAt())).isEqualTo(NdpMessage.NA_SOLICITED | NdpMessage.NA_OVERRIDE);
        NdpOptions o = new NdpOptions();
        assertThat(NdpMessage.invalid(na.frame(), na.messageAt(), na.messageLength(), o)).isNull();
        assertThat(o.targetMac).isEqualTo(STACK_MAC);
        // The sender is STALE (learned unsolicited); answering it moved it to DELAY (RFC 4861 §7.3.3).
        assertThat(link.ip().neighborState(PEER_IP)).isEqualTo("DELAY");
    }

    @Test
    void neighbourDiscoveryFromBeyondTheLinkOrMalformedIsDropped() {
        link.settle();
        link.inject(PEER_IP, STACK_IP.solicitedNode(), 64, STACK_IP.solicitedNode().multicastMac(), solicitation(STACK_IP, PEER_MAC));
        byte[] zeroLengthOption = solicitation(STACK_IP, PEER_MAC);
        zeroLengthOption[NdpMessage.NEIGHBOR_OPTIONS_AT + 1] = 0;
        link.inject(PEER_IP, STACK_IP.solicitedNode(), 255, STACK_IP.solicitedNode().multicastMac(), zeroLengthOption);
        // From :: with a link-layer address (§7.1.1), and a solicited advertisement to a group (§7.1.2).
        link.inject(Ipv6Address.UNSPECIFIED, STACK_IP.solicitedNode(), 255, STACK_IP.solicitedNode().multicastMac(),
                solicitation(STACK_IP, PEER_MAC));
        link.inject(PEER_IP, Ipv6Address.ALL_NODES, 255, Ipv6Address.ALL_NODES.multicastMac(),
                advertisement(PEER_IP, NdpMessage.NA_SOLICITED, PEER_MAC));
        assertThat(counter(Counter.DROP_NDP_INVALID)).isEqualTo(4);
        link.expectNoneOf(Icmpv6Header.NEIGHBOR_ADVERTISEMENT, S);
        assertThat(link.ip().neighborState(PEER_IP)).isNull();
    }

    @Test
    void resolutionSolicitsThreeTimesThenDropsWhatWaitedAndCountsIt() {
        link.settle();
        link.ip().ping(PEER_IP, 8, (seq, rtt) -> { }, link.now());
        long start = link.now();
        for (int i = 0; i < 3; i++) {
            Ipv6Link.Sent ns = link.expectType(Icmpv6Header.NEIGHBOR_SOLICITATION, 2 * S);
            assertThat(ns.at() - start).as("solicitation %d, RetransTimer apart", i + 1).isEqualTo(i * S);
            assertThat(ns.destination()).isEqualTo(PEER_IP.solicitedNode());
            assertThat(ns.source()).isEqualTo(STACK_IP);
            NdpOptions o = new NdpOptions();
            assertThat(NdpMessage.invalid(ns.frame(), ns.messageAt(), ns.messageLength(), o)).isNull();
            assertThat(o.sourceMac).isEqualTo(STACK_MAC);
        }
        assertThat(link.ip().neighborState(PEER_IP)).isEqualTo("INCOMPLETE");
        link.expectNoneOf(Icmpv6Header.NEIGHBOR_SOLICITATION, 2 * S);
        assertThat(counter(Counter.DROP_NDP_UNRESOLVED)).isEqualTo(1);
        assertThat(link.ip().neighborState(PEER_IP)).isNull();
    }

    @Test
    void unreachabilityDetectionGoesReachableStaleDelayProbeAndForgets() {
        link.settle();
        long[] rtt = {-1};
        link.ip().ping(PEER_IP, 8, (seq, nanos) -> rtt[0] = nanos, link.now());
        link.expectType(Icmpv6Header.NEIGHBOR_SOLICITATION, 0);
        link.advance(3 * MS);
        link.inject(PEER_IP, STACK_IP, 255, STACK_MAC, advertisement(PEER_IP, NdpMessage.NA_SOLICITED | NdpMessage.NA_OVERRIDE, PEER_MAC));
        Ipv6Link.Sent echo = link.expect(0);
        assertThat(echo.icmpType()).as("the packet that waited goes").isEqualTo(Icmpv6Header.ECHO_REQUEST);
        assertThat(echo.destinationMac()).isEqualTo(PEER_MAC);
        assertThat(link.ip().neighborState(PEER_IP)).isEqualTo("REACHABLE");
        // ReachableTime is 15 to 45 s (30 s randomised): STALE by then, and nothing was sent for it.
        link.expectNoneOf(Icmpv6Header.NEIGHBOR_SOLICITATION, 46 * S);
        assertThat(link.ip().neighborState(PEER_IP)).isEqualTo("STALE");
        // A packet to a STALE neighbour goes at once to its MAC and starts DELAY; 5 s later, PROBE: unicast solicitations.
        link.ip().ping(PEER_IP, 8, (seq, nanos) -> { }, link.now());
        assertThat(link.expect(0).destinationMac()).isEqualTo(PEER_MAC);
        assertThat(link.ip().neighborState(PEER_IP)).isEqualTo("DELAY");
        long delayStart = link.now();
        for (int i = 0; i < 3; i++) {
            Ipv6Link.Sent probe = link.expectType(Icmpv6Header.NEIGHBOR_SOLICITATION, 6 * S);
            assertThat(probe.at() - delayStart).isEqualTo(5 * S + i * S);
            assertThat(probe.destination()).as("a probe is unicast").isEqualTo(PEER_IP);
            assertThat(probe.destinationMac()).isEqualTo(PEER_MAC);
            assertThat(link.ip().neighborState(PEER_IP)).isEqualTo("PROBE");
        }
        link.expectNoneOf(Icmpv6Header.NEIGHBOR_SOLICITATION, 2 * S);
        assertThat(link.ip().neighborState(PEER_IP)).isNull();
        assertThat(counter(Counter.NDP_NEIGHBORS_UNREACHABLE)).isEqualTo(1);
    }

    @Test
    void aProbeAnsweredMakesTheNeighbourReachableAgain() {
        link.settle();
        link.inject(PEER_IP, STACK_IP.solicitedNode(), 255, STACK_IP.solicitedNode().multicastMac(), solicitation(STACK_IP, PEER_MAC));
        link.expectType(Icmpv6Header.NEIGHBOR_ADVERTISEMENT, 0);
        Ipv6Link.Sent probe = link.expectType(Icmpv6Header.NEIGHBOR_SOLICITATION, 6 * S);
        assertThat(probe.destinationMac()).isEqualTo(PEER_MAC);
        link.inject(PEER_IP, STACK_IP, 255, STACK_MAC, advertisement(PEER_IP, NdpMessage.NA_SOLICITED, -1));
        assertThat(link.ip().neighborState(PEER_IP)).isEqualTo("REACHABLE");
        // An unsolicited advertisement without override naming another MAC only raises doubt (§7.2.5).
        link.inject(PEER_IP, Ipv6Address.ALL_NODES, 255, Ipv6Address.ALL_NODES.multicastMac(), advertisement(PEER_IP, 0, 0x02_00_00_00_00_99L));
        assertThat(link.ip().neighborState(PEER_IP)).isEqualTo("STALE");
        assertThat(link.ip().neighbors()).containsEntry(PEER_IP, PEER_MAC);
        link.inject(PEER_IP, Ipv6Address.ALL_NODES, 255, Ipv6Address.ALL_NODES.multicastMac(),
                advertisement(PEER_IP, NdpMessage.NA_OVERRIDE, 0x02_00_00_00_00_99L));
        assertThat(link.ip().neighbors()).containsEntry(PEER_IP, 0x02_00_00_00_00_99L);
    }

    @Test
    void anMldQueryIsAnsweredWithEveryGroupButAllNodesWithinItsDelay() {
        link.settle();
        byte[] query = Ipv6Link.message(Icmpv6Header.MLD_QUERY, 1000 << 16, new byte[Mld.QUERY_V2_MIN_LENGTH - 8]);
        link.inject(PEER_LINK_LOCAL, Ipv6Address.ALL_NODES, 1, Ipv6Address.ALL_NODES.multicastMac(), query);
        long asked = link.now();
        Ipv6Link.Sent report = link.expectType(Icmpv6Header.MLDV2_REPORT, 1001 * MS);
        assertThat(report.at() - asked).isBetween(0L, 1000 * MS);
        assertThat(report.source()).as("from the link-local address once it is preferred").isEqualTo(Ipv6Address.linkLocal(STACK_MAC));
        int at = report.messageAt();
        assertThat(Mld.recordCount(report.frame(), at)).isEqualTo(2);
        assertThat(Mld.recordType(report.frame(), at + Mld.RECORDS_AT)).isEqualTo(Mld.MODE_IS_EXCLUDE);
        // A query from off the link (hop limit not 1) is not answered.
        link.inject(PEER_LINK_LOCAL, Ipv6Address.ALL_NODES, 2, Ipv6Address.ALL_NODES.multicastMac(), query);
        assertThat(counter(Counter.DROP_MLD_INVALID)).isEqualTo(1);
        link.expectNoneOf(Icmpv6Header.MLDV2_REPORT, 2 * S);
    }

    @Test
    void theCacheAndThePacketsWaitingInItAreBounded() {
        Ipv6Interface.Config four = new Ipv6Interface.Config(List.of(new Ipv6Interface.Address(STACK_IP, 64)), null, 64, 1, S, S, 30 * S, 5 * S,
                3, 3, 4, 600 * S, 100, S);
        Ipv6Link small = new Ipv6Link(four);
        small.settle();
        for (int i = 1; i <= 10; i++) {
            Ipv6Address asker = Ipv6Address.parse("2001:db8::1:" + i);
            small.inject(asker, STACK_IP.solicitedNode(), 255, STACK_IP.solicitedNode().multicastMac(), solicitation(STACK_IP, PEER_MAC + i));
        }
        assertThat(small.ip().neighbors()).as("neighbours kept, the stalest giving way").hasSize(4)
                .containsKey(Ipv6Address.parse("2001:db8::1:10"));
        for (int i = 0; i < 20; i++) {
            small.ip().ping(PEER_IP, 8, (seq, rtt) -> { }, small.now());
        }
        assertThat(small.stack.counters().get(Counter.DROP_NDP_QUEUE_FULL)).as("beyond 16 packets waiting for one address").isEqualTo(4);
    }
}
