package io.vnetif.netstack.tcp;

import io.vnetif.netstack.ip.Ipv6Output;
import io.vnetif.netstack.ip.PacketOutput;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.wire.IpAddress;
import io.vnetif.netstack.wire.Ipv4Header;
import io.vnetif.netstack.wire.Ipv6Header;
import io.vnetif.netstack.wire.TcpHeader;

/**
 * Where TCP builds a segment — in the frame of the IP layer of the peer's family, at its payload offset —
 * and sends it, checksummed over that family's pseudo header; over IPv4 with DF set.
 */
final class SegmentWriter {
    private final PacketOutput ip;
    private final Ipv6Output ipv6;
    private final Counters counters;

    /** @param ipv6 null for a stack without IPv6 */
    SegmentWriter(PacketOutput ip, Ipv6Output ipv6, Counters counters) {
        this.ip = ip;
        this.ipv6 = ipv6;
        this.counters = counters;
    }

    byte[] buffer(IpAddress remote) {
        return remote.isV4() ? ip.buffer() : ipv6.buffer();
    }

    int offset(IpAddress remote) {
        return remote.isV4() ? ip.payloadOffset() : ipv6.payloadOffset();
    }

    /** Checksums and sends the {@code length} bytes of segment at {@link #offset} from {@code local} to {@code remote}. */
    void send(IpAddress local, IpAddress remote, int length) {
        counters.increment(Counter.TCP_SEGMENTS_OUT);
        if (remote.isV4()) {
            TcpHeader.checksum(ip.buffer(), ip.payloadOffset(), length, ip.localAddress(), remote.v4());
            // DF on every segment: a too-small path answers with fragmentation needed, and TCP lowers its MSS (RFC 1191).
            ip.send(remote.v4(), Ipv4Header.PROTOCOL_TCP, length, true);
        } else {
            TcpHeader.checksum(ipv6.buffer(), ipv6.payloadOffset(), length, local.v6(), remote.v6());
            ipv6.send(local.v6(), remote.v6(), Ipv6Header.NEXT_TCP, length);
        }
    }
}
