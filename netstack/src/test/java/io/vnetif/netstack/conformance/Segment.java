package io.vnetif.netstack.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.wire.TcpHeader;
import io.vnetif.netstack.wire.TcpOptions;

/**
 * A TCP segment of a script, injected or seen: flags, relative numbers, window, data length and options.
 * Written like tcpdump and packetdrill ({@code "S."} is SYN-ACK, {@code "."} a bare ACK, {@code "P."} data, {@code "F."},
 * {@code "R"}). The {@code is...} methods assert and return the segment, so a script reads as a chain.
 */
final class Segment {
    final int flags;
    final long seq;
    final long ack;
    final int window;
    final int length;
    long at;
    int port = 80;
    int mss = -1;
    int windowScale = -1;
    boolean sackPermitted;
    boolean timestamps;
    int tsVal;
    int tsEcr;
    int sackBlocks;
    final long[] sackLeft = new long[TcpOptions.MAX_SACK_BLOCKS];
    final long[] sackRight = new long[TcpOptions.MAX_SACK_BLOCKS];
    boolean badChecksum;

    Segment(int flags, long seq, long ack, int window, int length) {
        this.flags = flags;
        this.seq = seq;
        this.ack = ack;
        this.window = window;
        this.length = length;
    }

    static int flags(String text) {
        int f = 0;
        for (char c : text.toCharArray()) {
            f |= switch (c) {
                case 'S' -> TcpHeader.SYN;
                case 'F' -> TcpHeader.FIN;
                case 'R' -> TcpHeader.RST;
                case 'P' -> TcpHeader.PSH;
                case '.' -> TcpHeader.ACK;
                default -> throw new IllegalArgumentException("flag '" + c + "' is not one of S F R P .");
            };
        }
        return f;
    }

    static String flagText(int flags) {
        StringBuilder b = new StringBuilder();
        if ((flags & TcpHeader.SYN) != 0) {
            b.append('S');
        }
        if ((flags & TcpHeader.FIN) != 0) {
            b.append('F');
        }
        if ((flags & TcpHeader.RST) != 0) {
            b.append('R');
        }
        if ((flags & TcpHeader.PSH) != 0) {
            b.append('P');
        }
        if ((flags & TcpHeader.ACK) != 0) {
            b.append('.');
        }
        return b.toString();
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    // ===================================================================== building (injected segments)

    Segment to(int destinationPort) {
        this.port = destinationPort;
        return this;
    }

    Segment data(int bytes) {
        Segment s = new Segment(flags, seq, ack, window, bytes);
        s.port = port;
        s.timestamps = timestamps;
        s.tsVal = tsVal;
        s.tsEcr = tsEcr;
        return s;
    }

    Segment mss(int value) {
        this.mss = value;
        return this;
    }

    Segment windowScale(int shift) {
        this.windowScale = shift;
        return this;
    }

    Segment sackPermitted() {
        this.sackPermitted = true;
        return this;
    }

    Segment timestamps(int val, int ecr) {
        this.timestamps = true;
        this.tsVal = val;
        this.tsEcr = ecr;
        return this;
    }

    /** SACK blocks as pairs of relative sequence numbers of the stack's data: left, right, left, right... */
    Segment sack(long... edges) {
        this.sackBlocks = edges.length / 2;
        for (int i = 0; i < sackBlocks; i++) {
            sackLeft[i] = edges[2 * i];
            sackRight[i] = edges[2 * i + 1];
        }
        return this;
    }

    Segment corrupted() {
        this.badChecksum = true;
        return this;
    }

    // ===================================================================== checking (the stack's segments)

    Segment is(String flagText, long expectedSeq, long expectedAck) {
        assertThat(flagText(flags) + " " + seq + ":" + ack).as("segment %s", this).isEqualTo(flagText + " " + expectedSeq + ":" + expectedAck);
        return this;
    }

    Segment hasLength(int expected) {
        assertThat(length).as("data length of %s", this).isEqualTo(expected);
        return this;
    }

    Segment hasWindow(int expected) {
        assertThat(window).as("window of %s", this).isEqualTo(expected);
        return this;
    }

    /** The SACK blocks, in the order sent, as relative sequence numbers of the peer's data. */
    Segment hasSack(long... edges) {
        long[] got = new long[2 * sackBlocks];
        for (int i = 0; i < sackBlocks; i++) {
            got[2 * i] = sackLeft[i];
            got[2 * i + 1] = sackRight[i];
        }
        assertThat(got).as("SACK blocks of %s", this).containsExactly(edges);
        return this;
    }

    Segment echoes(int tsVal) {
        assertThat(timestamps).as("timestamps on %s", this).isTrue();
        assertThat(tsEcr).as("TSecr of %s", this).isEqualTo(tsVal);
        return this;
    }

    Segment sentAt(long expectedNanos) {
        assertThat(at).as("when %s was sent", this).isEqualTo(expectedNanos);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(flagText(flags)).append(' ').append(seq).append(':').append(seq + length)
                .append('(').append(length).append(") ack ").append(ack).append(" win ").append(window).append(" <");
        if (mss >= 0) {
            b.append("mss ").append(mss).append(',');
        }
        if (sackPermitted) {
            b.append("sackOK,");
        }
        if (timestamps) {
            b.append("TS val ").append(Integer.toUnsignedLong(tsVal)).append(" ecr ").append(Integer.toUnsignedLong(tsEcr)).append(',');
        }
        if (windowScale >= 0) {
            b.append("wscale ").append(windowScale).append(',');
        }
        for (int i = 0; i < sackBlocks; i++) {
            b.append("sack ").append(sackLeft[i]).append(':').append(sackRight[i]).append(',');
        }
        if (b.charAt(b.length() - 1) == ',') {
            b.setLength(b.length() - 1);
        }
        return b.append("> at ").append(at / 1_000_000).append(" ms").toString();
    }
}
