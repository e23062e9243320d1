package io.vnetif.netstack.wire;

/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words. Sums
 * are kept as {@code long} and folded at the end, so a whole segment is summed without carries per word.
 */
public final class Checksum {
    private Checksum() {
    }

    /** The unfolded sum of {@code length} bytes from {@code at} (an odd last byte padded with zero). */
    public static long sum(byte[] b, int at, int length) {
        long sum = 0;
        int end = at + length;
        int i = at;
        for (; i + 3 < end; i += 4) {
            sum += (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFFL) << 16 | (b[i + 2] & 0xFFL) << 8 | b[i + 3] & 0xFFL;
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
