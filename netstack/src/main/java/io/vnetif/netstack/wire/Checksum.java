package io.vnetif.netstack.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words. Sums
 * are kept as {@code long} and folded at the end, so a whole segment is summed without carries per word.
 */
public final class Checksum {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Checksum() {
    }

    /**
     * The unfolded sum of {@code length} bytes from {@code at} (an odd last byte padded with zero). Eight
     * bytes at a time, as two 32-bit words (the ones' complement sum is the same over any word width that is
     * a multiple of 16 bits, RFC 1071 §2(B)): the checksum is the stack's largest per-byte cost.
     */
    public static long sum(byte[] b, int at, int length) {
        long sum = 0;
        int end = at + length;
        int i = at;
        for (; i + 7 < end; i += 8) {
            long v = (long) LONG.get(b, i);
            sum += (v >>> 32) + (v & 0xFFFF_FFFFL);
        }
        for (; i + 1 < end; i += 2) {
            sum += (b[i] & 0xFFL) << 8 | b[i + 1] & 0xFFL;
        }
        if (i < end) {
            sum += (b[i] & 0xFFL) << 8;
        }
        return sum;
    }

    /** The unfolded sum of the IPv4 pseudo header of a TCP or UDP segment. */
    public static long pseudoHeader(int source, int destination, int protocol, int length) {
        return (source & 0xFFFFFFFFL) + (destination & 0xFFFFFFFFL) + protocol + length;
    }

    /** The unfolded sum of the IPv6 pseudo header (RFC 8200 §8.1) of a TCP, UDP or ICMPv6 packet. */
    public static long pseudoHeader(Ipv6Address source, Ipv6Address destination, int nextHeader, int length) {
        return source.checksumSum() + destination.checksumSum() + nextHeader + length;
    }

    /** The checksum of an unfolded sum: fold to 16 bits, complement. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) ~sum & 0xFFFF;
    }

    /** Whether data whose checksum field is included sums to a valid checksum (all ones, folded). */
    public static boolean valid(long sum) {
        return finish(sum) == 0;
    }
}
