package io.vnetif.netstack.wire;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv6 address (RFC 4291) as the stack holds it: two longs, the high and the low 64 bits, immutable, a
 * value (equal when the bits are). What the stack derives from addresses lives here too: the link-local
 * address of a MAC (modified EUI-64, RFC 4291 appendix A), a solicited-node group (RFC 4291 §2.7.1) and the
 * Ethernet MAC of a multicast group (RFC 2464 §7).
 */
public final class Ipv6Address {
    public static final int LENGTH = 16;
    public static final Ipv6Address UNSPECIFIED = new Ipv6Address(0, 0);
    /** ff02::1, every node on the link. */
    public static final Ipv6Address ALL_NODES = new Ipv6Address(0xFF02_0000_0000_0000L, 1);
    /** ff02::16, where MLDv2 reports go (RFC 3810 §5.2.14). */
    public static final Ipv6Address MLDV2_ROUTERS = new Ipv6Address(0xFF02_0000_0000_0000L, 0x16);

    private final long hi;
    private final long lo;

    private Ipv6Address(long hi, long lo) {
        this.hi = hi;
        this.lo = lo;
    }

    public static Ipv6Address of(long hi, long lo) {
        return new Ipv6Address(hi, lo);
    }

    /** The 16 bytes at {@code at}. */
    public static Ipv6Address read(byte[] f, int at) {
        return new Ipv6Address(u64(f, at), u64(f, at + 8));
    }

    /** Whether the 16 bytes at {@code at} are this address (no allocation: the receive path compares in place). */
    public boolean isAt(byte[] f, int at) {
        return u64(f, at) == hi && u64(f, at + 8) == lo;
    }

    public void write(byte[] f, int at) {
        Bytes.put32(f, at, (int) (hi >>> 32));
        Bytes.put32(f, at + 4, (int) hi);
        Bytes.put32(f, at + 8, (int) (lo >>> 32));
        Bytes.put32(f, at + 12, (int) lo);
    }

    private static long u64(byte[] f, int at) {
        return (long) Bytes.i32(f, at) << 32 | Bytes.i32(f, at + 4) & 0xFFFF_FFFFL;
    }

    public long high() {
        return hi;
    }

    public long low() {
        return lo;
    }

    /**
     * An IPv6 literal, e.g. {@code 2001:db8::5} (no zone, no brackets).
     *
     * @throws IllegalArgumentException naming the text when it is not one
     */
    public static Ipv6Address parse(String text) {
        // Only a literal with a colon reaches InetAddress, which then parses it without a name lookup.
        if (text == null || text.indexOf(':') < 0 || text.indexOf('%') >= 0 || text.indexOf('[') >= 0) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address (e.g. 2001:db8::5)");
        }
        try {
            InetAddress a = InetAddress.getByName(text.trim());
            if (a instanceof Inet6Address) {
                return of(a);
            }
        } catch (UnknownHostException e) {
            // a malformed literal: said below
        }
        throw new IllegalArgumentException("'" + text + "' is not an IPv6 address (e.g. 2001:db8::5)");
    }

    /** The address of an {@link Inet6Address}. */
    public static Ipv6Address of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            throw new IllegalArgumentException(address + " is not an IPv6 address");
        }
        return read(address.getAddress(), 0);
    }

    /** The {@link Inet6Address} of this address (no name lookup, no scope). */
    public InetAddress toInet() {
        byte[] b = new byte[LENGTH];
        write(b, 0);
        try {
            return Inet6Address.getByAddress(null, b, null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes were refused as an address", e); // only other lengths are
        }
    }

    /** fe80::/64 with the interface identifier of {@code mac}: its 48 bits split by ff:fe, the U/L bit inverted. */
    public static Ipv6Address linkLocal(long mac) {
        long identifier = ((mac >>> 24) & 0xFF_FFFFL) << 40 | 0xFF_FEL << 24 | (mac & 0xFF_FFFFL);
        return new Ipv6Address(0xFE80_0000_0000_0000L, identifier ^ 0x0200_0000_0000_0000L);
    }

    /** The solicited-node group of this address: ff02::1:ff00:0/104 with its low 24 bits. */
    public Ipv6Address solicitedNode() {
        return new Ipv6Address(0xFF02_0000_0000_0000L, 0x0000_0001_FF00_0000L | (lo & 0xFF_FFFFL));
    }

    /** The Ethernet MAC frames to this multicast address go to: 33:33 and its low 32 bits. */
    public long multicastMac() {
        return 0x3333_0000_0000L | (lo & 0xFFFF_FFFFL);
    }

    public boolean isMulticast() {
        return (hi >>> 56) == 0xFF;
    }

    public boolean isLinkLocal() {
        return (hi >>> 54) == (0xFE80L >>> 6);
    }

    public boolean isUnspecified() {
        return hi == 0 && lo == 0;
    }

    /** Whether the IPv4-mapped form (::ffff:a.b.c.d), which never appears on the wire. */
    public boolean isIpv4Mapped() {
        return hi == 0 && (lo >>> 32) == 0xFFFF;
    }

    /** Whether {@code other} shares the first {@code prefixLength} bits with this address. */
    public boolean samePrefix(Ipv6Address other, int prefixLength) {
        if (prefixLength <= 0) {
            return true;
        }
        if (prefixLength <= 64) {
            long mask = -1L << (64 - prefixLength);
            return (hi & mask) == (other.hi & mask);
        }
        long mask = prefixLength >= 128 ? -1L : -1L << (128 - prefixLength);
        return hi == other.hi && (lo & mask) == (other.lo & mask);
    }

    /** The unfolded ones' complement sum of the address's eight 16-bit words, for pseudo headers. */
    public long checksumSum() {
        return (hi >>> 32) + (hi & 0xFFFF_FFFFL) + (lo >>> 32) + (lo & 0xFFFF_FFFFL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv6Address a && a.hi == hi && a.lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi * 31 + lo);
    }

    /** RFC 5952 text: lower case, leading zeros dropped, the longest run of two or more zero words as {@code ::}. */
    @Override
    public String toString() {
        int[] w = new int[8];
        for (int i = 0; i < 4; i++) {
            w[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            w[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestAt = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestAt = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                b.append("::");
                i += bestLength - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(w[i]));
        }
        return b.toString();
    }
}
