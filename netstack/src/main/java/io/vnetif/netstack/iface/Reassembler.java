package io.vnetif.netstack.iface;

import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.time.TimerWheel;
import io.vnetif.netstack.wire.Bytes;
import io.vnetif.netstack.wire.Checksum;
import io.vnetif.netstack.wire.Ipv4Header;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * IPv4 reassembly (RFC 791, with RFC 815's idea of holes kept as received ranges): fragments of one
 * datagram (source, destination, protocol, identification) collect until the ranges cover it, within a time
 * limit, a limit of datagrams in progress and a limit of bytes held. Overlapping fragments drop the whole
 * datagram: they are an attack (teardrop, evasion), never how a real sender fragments. Confined to the
 * stack's thread.
 */
final class Reassembler {
    private static final int MAX_PACKET = 65535;
    private static final int MAX_RANGES = 64;

    private record Key(int source, int destination, int protocolAndId) {
    }

    private final Counters counters;
    private final TimerWheel timers;
    private final long timeoutNanos;
    private final int maxDatagrams;
    private final int maxBytes;
    private final Map<Key, Datagram> inProgress = new HashMap<>();
    private int bytesHeld;

    private final class Datagram extends TimerWheel.Timer {
        final Key key;
        byte[] header;
        byte[] data = new byte[0];
        int totalLength = -1;
        final int[] starts = new int[MAX_RANGES];
        final int[] ends = new int[MAX_RANGES];
        int ranges;

        Datagram(Key key) {
            this.key = key;
        }

        @Override
        protected void expired(long nowNanos) {
            counters.increment(Counter.DROP_FRAGMENT_TIMEOUT);
            discard(this);
        }

        /** @return false when [start, end) overlaps what arrived, or needs too many ranges */
        boolean add(int start, int end) {
            int i = 0;
            while (i < ranges && ends[i] <= start) {
                i++;
            }
            if (i < ranges && starts[i] < end) {
                return false; // overlaps range i
            }
            if (ranges == MAX_RANGES) {
                return false;
            }
            System.arraycopy(starts, i, starts, i + 1, ranges - i);
            System.arraycopy(ends, i, ends, i + 1, ranges - i);
            starts[i] = start;
            ends[i] = end;
            ranges++;
            return true;
        }

        boolean complete() {
            if (totalLength < 0 || ranges == 0 || starts[0] != 0) {
                return false;
            }
            for (int i = 1; i < ranges; i++) {
                if (starts[i] != ends[i - 1]) {
                    return false;
                }
            }
            return ends[ranges - 1] == totalLength;
        }
    }

    Reassembler(Counters counters, TimerWheel timers, long timeoutNanos, int maxDatagrams, int maxBytes) {
        this.counters = counters;
        this.timers = timers;
        this.timeoutNanos = timeoutNanos;
        this.maxDatagrams = maxDatagrams;
        this.maxBytes = maxBytes;
    }

    /**
     * A fragment (its IP header at {@code ipAt}, checked already).
     *
     * @return the reassembled packet (header at 0, fragment fields cleared) once the last piece arrived, else null
     */
    byte[] add(byte[] f, int ipAt, long nowNanos) {
        counters.increment(Counter.IP_FRAGMENTS_IN);
        int headerLength = Ipv4Header.headerLength(f, ipAt);
        int offset = Ipv4Header.fragmentOffset(f, ipAt);
        int length = Ipv4Header.totalLength(f, ipAt) - headerLength;
        boolean more = Ipv4Header.moreFragments(f, ipAt);
        int end = offset + length;
        if (end + headerLength > MAX_PACKET) {
            counters.increment(Counter.DROP_FRAGMENT_TOO_LARGE);
            return null;
        }
        if (more && length % 8 != 0) {
            counters.increment(Counter.DROP_FRAGMENT_OVERLAP); // only the last fragment may end off an 8-byte boundary
            return null;
        }
        Key key = new Key(Ipv4Header.source(f, ipAt), Ipv4Header.destination(f, ipAt),
                Ipv4Header.protocol(f, ipAt) << 16 | Ipv4Header.identification(f, ipAt));
        Datagram d = inProgress.get(key);
        if (d == null) {
            if (inProgress.size() >= maxDatagrams) {
                counters.increment(Counter.DROP_FRAGMENT_MEMORY);
                return null;
            }
            d = new Datagram(key);
            inProgress.put(key, d);
            timers.schedule(d, nowNanos + timeoutNanos);
        }
        if (end > d.data.length) {
            int grow = end - d.data.length;
            if (bytesHeld + grow > maxBytes) {
                counters.increment(Counter.DROP_FRAGMENT_MEMORY);
                discard(d);
                return null;
            }
            d.data = Arrays.copyOf(d.data, end);
            bytesHeld += grow;
        }
        if (!d.add(offset, end) || (!more && d.totalLength >= 0 && d.totalLength != end) || (d.totalLength >= 0 && end > d.totalLength)) {
            counters.increment(Counter.DROP_FRAGMENT_OVERLAP);
            discard(d);
            return null;
        }
        System.arraycopy(f, ipAt + headerLength, d.data, offset, length);
        if (offset == 0) {
            d.header = Arrays.copyOfRange(f, ipAt, ipAt + headerLength);
        }
        if (!more) {
            d.totalLength = end;
        }
        if (!d.complete() || d.header == null) {
            return null;
        }
        byte[] packet = new byte[d.header.length + d.totalLength];
        System.arraycopy(d.header, 0, packet, 0, d.header.length);
        System.arraycopy(d.data, 0, packet, d.header.length, d.totalLength);
        Bytes.put16(packet, 2, packet.length);
        Bytes.put16(packet, 6, 0);
        Bytes.put16(packet, 10, 0);
        Bytes.put16(packet, 10, Checksum.finish(Checksum.sum(packet, 0, d.header.length)));
        discard(d);
        counters.increment(Counter.IP_REASSEMBLED);
        return packet;
    }

    private void discard(Datagram d) {
        timers.cancel(d);
        if (inProgress.remove(d.key) == d) {
            bytesHeld -= d.data.length;
        }
    }

    /** Datagrams in progress and the bytes they hold (for tests and listings). */
    int[] usage() {
        return new int[] {inProgress.size(), bytesHeld};
    }
}
