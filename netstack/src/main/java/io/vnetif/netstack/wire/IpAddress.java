package io.vnetif.netstack.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An address of either family, for what does not care which (TCP's connections, sockets): an IPv4 address
 * (an int, as {@link Ipv4Address} holds it) or an {@link Ipv6Address}. Immutable, a value. Made once per
 * connection, not per segment: IPv4's receive path goes on with ints.
 */
public final class IpAddress {
    private final int v4;
    private final Ipv6Address v6;

    private IpAddress(int v4, Ipv6Address v6) {
        this.v4 = v4;
        this.v6 = v6;
    }

    public static IpAddress v4(int address) {
        return new IpAddress(address, null);
    }

    public static IpAddress v6(Ipv6Address address) {
        return new IpAddress(0, address);
    }

    /** The address of an {@link InetAddress} of either family (an IPv4-mapped IPv6 address is the JDK's IPv4 address already). */
    public static IpAddress of(InetAddress address) {
        if (address instanceof Inet6Address) {
            return v6(Ipv6Address.of(address));
        }
        if (address instanceof Inet4Address) {
            return v4(Ipv4Address.of(address));
        }
        throw new IllegalArgumentException(address + " is neither an IPv4 nor an IPv6 address");
    }

    public boolean isV4() {
        return v6 == null;
    }

    /** The IPv4 address (meaningful when {@link #isV4()}). */
    public int v4() {
        return v4;
    }

    /** The IPv6 address, or null for an IPv4 one. */
    public Ipv6Address v6() {
        return v6;
    }

    public InetAddress toInet() {
        return v6 == null ? Ipv4Address.toInet(v4) : v6.toInet();
    }

    /** Writes the address's 4 or 16 bytes at {@code at}; returns where they end. */
    public int write(byte[] b, int at) {
        if (v6 == null) {
            Bytes.put32(b, at, v4);
            return at + 4;
        }
        v6.write(b, at);
        return at + Ipv6Address.LENGTH;
    }

    /** {@code address:port}, an IPv6 address in brackets. */
    public String withPort(int port) {
        return v6 == null ? Ipv4Address.text(v4) + ":" + port : "[" + v6 + "]:" + port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && (v6 == null ? a.v6 == null && a.v4 == v4 : v6.equals(a.v6));
    }

    @Override
    public int hashCode() {
        return v6 == null ? v4 : v6.hashCode();
    }

    @Override
    public String toString() {
        return v6 == null ? Ipv4Address.text(v4) : v6.toString();
    }
}
