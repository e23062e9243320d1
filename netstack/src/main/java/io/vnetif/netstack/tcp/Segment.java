package io.vnetif.netstack.tcp;

import io.vnetif.netstack.wire.TcpHeader;
import io.vnetif.netstack.wire.TcpOptions;

/**
 * One received TCP segment, parsed into a holder reused for every segment (nothing allocated per segment):
 * addresses, header fields, options, and where its data lies in the frame it arrived in.
 */
final class Segment {
    int sourceIp;
    int destinationIp;
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
