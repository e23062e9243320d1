package io.vnetif.netstack.tcp;

import io.vnetif.netstack.wire.IpAddress;
import io.vnetif.netstack.wire.Ipv6Address;
import io.vnetif.netstack.wire.TcpHeader;
import io.vnetif.netstack.wire.TcpOptions;

/**
 * One received TCP segment, parsed into a holder reused for every segment (nothing allocated per segment):
 * addresses (IPv4's as ints, IPv6's read from the frame), header fields, options, and where its data lies in the frame it arrived in.
 */
final class Segment {
    /** IPv4's addresses (when {@link #source6} is null). */
    int sourceIp;
    int destinationIp;
    /** IPv6's addresses, or null for an IPv4 segment. */
    Ipv6Address source6;
    Ipv6Address destination6;
    int sourcePort;
    int destinationPort;
    int seq;
    int ack;
    int flags;
    int window;
    final TcpOptions options = new TcpOptions();
    byte[] frame;
    int dataOffset;
    int dataLength;

    /** The sender's address, made for a new connection or an answer (not per segment). */
    IpAddress source() {
        return source6 == null ? IpAddress.v4(sourceIp) : IpAddress.v6(source6);
    }

    /** The address it was sent to: the stack's. */
    IpAddress destination() {
        return destination6 == null ? IpAddress.v4(destinationIp) : IpAddress.v6(destination6);
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Sequence space the segment occupies: data, plus one each for SYN and FIN. */
    int sequenceLength() {
        return dataLength + (has(TcpHeader.SYN) ? 1 : 0) + (has(TcpHeader.FIN) ? 1 : 0);
    }

    @Override
    public String toString() {
        return TcpHeader.flagText(flags) + " seq " + Integer.toUnsignedString(seq) + " ack " + Integer.toUnsignedString(ack)
                + " win " + window + " len " + dataLength;
    }
}
