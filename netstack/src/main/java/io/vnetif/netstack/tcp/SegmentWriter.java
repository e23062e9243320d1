package io.vnetif.netstack.tcp;

import io.vnetif.netstack.ip.PacketOutput;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.wire.Ipv4Header;
import io.vnetif.netstack.wire.TcpHeader;

/** Where TCP builds a segment — in the IP layer's frame, at its payload offset — and sends it, checksummed, with DF set. */
final class SegmentWriter {
    private final PacketOutput ip;
    private final Counters counters;

    SegmentWriter(PacketOutput ip, Counters counters) {
        this.ip = ip;
        this.counters = counters;
    }

    byte[] buffer() {
        return ip.buffer();
    }

    int offset() {
        return ip.payloadOffset();
    }

    /** Checksums and sends the {@code length} bytes of segment at {@link #offset()}. */
    void send(int remoteIp, int length) {
        TcpHeader.checksum(ip.buffer(), ip.payloadOffset(), length, ip.localAddress(), remoteIp);
        counters.increment(Counter.TCP_SEGMENTS_OUT);
        // DF on every segment: a too-small path answers with fragmentation needed, and TCP lowers its MSS (RFC 1191).
        ip.send(remoteIp, Ipv4Header.PROTOCOL_TCP, length, true);
    }
}
