package io.vnetif.netstack.tcp;

import io.vnetif.netstack.wire.Bytes;
import io.vnetif.netstack.wire.IpAddress;
import io.vnetif.netstack.wire.Ipv6Address;

/**
 * SYN cookies: when a listener's half-open connections are at their limit, its SYN-ACK carries the
 * connection in its initial sequence number instead of in memory, and the peer's ACK brings it back (as
 * Linux does with {@code tcp_syncookies = 1}). A cookie is 32 bits: a 5-bit clock of 64-second ticks, a
 * 3-bit index into {@link #MSS_TABLE}, and 24 bits of a keyed hash (HMAC-SHA-256 under a key chosen at
 * random per stack) of the four-tuple, the peer's ISN, the full clock and the index. An off-path attacker
 * cannot make one; a cookie is honoured for two ticks (64 to 128 s).
 *
 * <p>What a cookie cannot hold is lost: connections made from one have no window scaling, SACK or
 * timestamps, and an MSS rounded down to the table. Confined to the stack's thread.
 */
final class SynCookies {
    /** The MSS values a cookie can name: common ones, each rounded down to. */
    static final int[] MSS_TABLE = {536, 1220, 1360, 1400, 1440, 1460, 4312, 8960};
    private static final long TICK_NANOS = 64_000_000_000L;
    private static final int CLOCK_BITS = 5;
    private static final int HASH_MASK = 0xFF_FFFF;

    private final KeyedHash keyed;
    /** The hash's input: both addresses (4 or 16 bytes each), ports, the peer's ISN, the clock, the index. */
    private final byte[] input = new byte[2 * Ipv6Address.LENGTH + 16];

    SynCookies(KeyedHash hash) {
        this.keyed = hash;
    }

    /** The index of the largest MSS of the table not above {@code mss} (0 when even 536 is above it). */
    static int mssIndex(int mss) {
        int index = 0;
        for (int i = 1; i < MSS_TABLE.length; i++) {
            if (MSS_TABLE[i] <= mss) {
                index = i;
            }
        }
        return index;
    }

    /** The cookie, our ISN, for a SYN from {@code remoteIp:remotePort} with sequence number {@code peerIsn}. */
    int make(IpAddress localIp, int localPort, IpAddress remoteIp, int remotePort, int peerIsn, int mssIndex, long nowNanos) {
        long tick = nowNanos / TICK_NANOS;
        int hash = hash(localIp, localPort, remoteIp, remotePort, peerIsn, tick, mssIndex);
        return (int) ((tick & ((1 << CLOCK_BITS) - 1)) << 27) | (mssIndex << 24) | hash;
    }

    /**
     * The MSS a cookie names, or -1 when {@code cookie} (the peer's acknowledgment number less one) is not one
     * this stack made for this four-tuple and peer ISN in the last two ticks.
     */
    int check(IpAddress localIp, int localPort, IpAddress remoteIp, int remotePort, int peerIsn, int cookie, long nowNanos) {
        long nowTick = nowNanos / TICK_NANOS;
        int clock = cookie >>> 27;
        long age = (nowTick - clock) & ((1 << CLOCK_BITS) - 1);
        if (age > 1) {
            return -1;
        }
        int mssIndex = (cookie >>> 24) & 0x7;
        int expected = hash(localIp, localPort, remoteIp, remotePort, peerIsn, nowTick - age, mssIndex);
        return (cookie & HASH_MASK) == expected ? MSS_TABLE[mssIndex] : -1;
    }

    private int hash(IpAddress localIp, int localPort, IpAddress remoteIp, int remotePort, int peerIsn, long tick, int mssIndex) {
        int o = localIp.write(input, 0);
        Bytes.put32(input, o, (localPort << 16) | remotePort);
        o = remoteIp.write(input, o + 4);
        Bytes.put32(input, o, peerIsn);
        Bytes.put32(input, o + 4, (int) tick);
        Bytes.put32(input, o + 8, mssIndex);
        return keyed.of(input, o + 12) & HASH_MASK;
    }
}
