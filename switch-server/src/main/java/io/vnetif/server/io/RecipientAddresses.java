package io.vnetif.server.io;

import io.netty.buffer.ByteBuf;
import io.vnetif.server.io.linux.LinuxCalls;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Writes a recipient as the {@code sockaddr} a send names, without allocating for a recipient seen
 * before: the address bytes ({@link InetAddress#getAddress()} copies them each time) are kept in a
 * direct-mapped cache of {@value #ENTRIES} entries keyed by the {@link InetSocketAddress} object itself —
 * a port's recipient is one object for its whole life. Confined to the data-plane loop.
 */
final class RecipientAddresses {
    static final int ENTRIES = 256;
    private static final long IPV4_MAPPED_PREFIX = 0xFFFFL << 32;

    private final InetSocketAddress[] keys = new InetSocketAddress[ENTRIES];
    private final long[] highs = new long[ENTRIES];
    private final long[] lows = new long[ENTRIES];
    private final int[] scopes = new int[ENTRIES];

    /**
     * Writes {@code to} at {@code offset} of {@code into}: a {@code sockaddr_in6} (IPv4 recipients
     * IPv4-mapped) for an IPv6 socket, a {@code sockaddr_in} for an IPv4 one.
     *
     * @return the length written, or -1 when an IPv4 socket cannot name an IPv6 recipient (or the address is unresolved)
     */
    int write(InetSocketAddress to, boolean ipv6Socket, ByteBuf into, int offset) {
        int entry = System.identityHashCode(to) & (ENTRIES - 1);
        if (keys[entry] != to && !remember(to, entry)) {
            return -1;
        }
        long high = highs[entry];
        long low = lows[entry];
        boolean ipv4 = high == 0 && (low >>> 32) == 0xFFFFL;
        if (ipv6Socket) {
            into.setShortLE(offset, LinuxCalls.AF_INET6);
            into.setShort(offset + 2, to.getPort()); // network byte order, as ByteBuf writes by default
            into.setInt(offset + 4, 0); // flow info
            into.setLong(offset + 8, high);
            into.setLong(offset + 16, low);
            into.setIntLE(offset + 24, scopes[entry]);
            return 28;
        }
        if (!ipv4) {
            return -1;
        }
        into.setShortLE(offset, LinuxCalls.AF_INET);
        into.setShort(offset + 2, to.getPort());
        into.setInt(offset + 4, (int) low);
        into.setLong(offset + 8, 0);
        return 16;
    }

    private boolean remember(InetSocketAddress to, int entry) {
        InetAddress address = to.getAddress();
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            highs[entry] = 0;
            lows[entry] = IPV4_MAPPED_PREFIX | (bytes[0] & 0xFFL) << 24 | (bytes[1] & 0xFFL) << 16 | (bytes[2] & 0xFFL) << 8 | bytes[3] & 0xFFL;
            scopes[entry] = 0;
        } else {
            highs[entry] = bigEndianLong(bytes, 0);
            lows[entry] = bigEndianLong(bytes, 8);
            scopes[entry] = ((Inet6Address) address).getScopeId();
        }
        keys[entry] = to;
        return true;
    }

    private static long bigEndianLong(byte[] bytes, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | bytes[at + i] & 0xFFL;
        }
        return v;
    }
}
