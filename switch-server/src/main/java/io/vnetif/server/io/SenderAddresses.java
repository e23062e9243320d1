package io.vnetif.server.io;

import io.netty.buffer.ByteBuf;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Turns the {@code sockaddr} the kernel wrote for a datagram's sender into an {@link InetSocketAddress}
 * without allocating when the sender was seen before: a direct-mapped cache (like a CPU's) of
 * {@value #ENTRIES} entries keyed by address, port and scope. The peers of a switch are few and send
 * again and again; a flood of made-up senders only evicts entries, each miss costing what every
 * datagram cost before (one address object). IPv4-mapped IPv6 senders (a dual-stack socket's view of an
 * IPv4 peer) become {@link java.net.Inet4Address}es, as Netty's datagram read made them, so ports
 * bound to an IPv4 endpoint keep matching. Confined to the data-plane loop.
 */
final class SenderAddresses {
    static final int ENTRIES = 1024;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final long IPV4_MAPPED_PREFIX = 0xFFFFL << 32;

    private final long[] highs = new long[ENTRIES];
    private final long[] lows = new long[ENTRIES];
    private final int[] ports = new int[ENTRIES];
    private final int[] scopes = new int[ENTRIES];
    private final InetSocketAddress[] addresses = new InetSocketAddress[ENTRIES];
    private long misses;

    /**
     * The sender written at {@code offset} in {@code names} ({@code length} bytes, as the kernel said).
     *
     * @return the address, or {@code null} for a family other than IPv4 and IPv6
     */
    InetSocketAddress sender(ByteBuf names, int offset, int length) {
        int family = names.getShortLE(offset);
        int port = names.getUnsignedShort(offset + 2); // network byte order, as ByteBuf reads by default
        long high;
        long low;
        int scope;
        if (family == AF_INET6 && length >= 28) {
            high = names.getLong(offset + 8);
            low = names.getLong(offset + 16);
            scope = names.getIntLE(offset + 24);
        } else if (family == AF_INET && length >= 8) {
            high = 0;
            low = IPV4_MAPPED_PREFIX | names.getUnsignedInt(offset + 4);
            scope = 0;
        } else {
            return null;
        }
        int entry = index(high, low, port, scope);
        InetSocketAddress cached = addresses[entry];
        if (cached != null && highs[entry] == high && lows[entry] == low && ports[entry] == port && scopes[entry] == scope) {
            return cached;
        }
        misses++;
        InetSocketAddress made = new InetSocketAddress(address(high, low, scope), port);
        highs[entry] = high;
        lows[entry] = low;
        ports[entry] = port;
        scopes[entry] = scope;
        addresses[entry] = made;
        return made;
    }

    /** Senders that were not in the cache (each cost an address object). */
    long misses() {
        return misses;
    }

    private static int index(long high, long low, int port, int scope) {
        long h = (high * 0x9E3779B97F4A7C15L) ^ low ^ ((long) port << 16) ^ ((long) scope << 40);
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h >>> 54) & (ENTRIES - 1);
    }

    private static InetAddress address(long high, long low, int scope) {
        try {
            if (high == 0 && (low >>> 32) == 0xFFFFL) {
                return InetAddress.getByAddress(new byte[] {(byte) (low >>> 24), (byte) (low >>> 16), (byte) (low >>> 8), (byte) low});
            }
            byte[] bytes = new byte[16];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (high >>> (56 - 8 * i));
                bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
            }
            return scope != 0 ? Inet6Address.getByAddress(null, bytes, scope) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes was refused", e); // getByAddress refuses only other lengths
        }
    }
}
