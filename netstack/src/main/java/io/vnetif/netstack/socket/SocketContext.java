package io.vnetif.netstack.socket;

import io.vnetif.netstack.core.Stack;
import io.vnetif.netstack.core.StackLoop;
import io.vnetif.netstack.tcp.TcpConfig;
import io.vnetif.netstack.wire.Ipv4Address;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * What the stack's sockets share: the stack, its loop, its TCP settings, and the names it knows (JDK 17
 * has no resolver SPI: a host name on the LAN is looked up in the stack's own table, never in DNS).
 *
 * @param hosts name to IPv4 address, as the stack was built with
 */
public record SocketContext(Stack stack, StackLoop loop, TcpConfig tcpConfig, Map<String, Integer> hosts) {
    /**
     * The address of {@code host}: an IPv4 literal, or a name of the stack's table.
     *
     * @throws UnknownHostException naming the host when it is neither
     */
    public InetAddress resolve(String host) throws UnknownHostException {
        Integer known = hosts.get(host);
        if (known != null) {
            return Ipv4Address.toInet(known);
        }
        try {
            return Ipv4Address.toInet(Ipv4Address.parse(host));
        } catch (IllegalArgumentException e) {
            throw new UnknownHostException(host + ": not an IPv4 address and not a name this stack knows "
                    + "(NetStack.Builder.host(name, address) adds one)");
        }
    }

    /**
     * The IPv4 address of {@code address} for the stack's TCP and UDP, which speak IPv4 only so far.
     *
     * @throws SocketException saying so for an IPv6 address
     */
    static int ipv4(InetAddress address) throws SocketException {
        if (!(address instanceof java.net.Inet4Address)) {
            throw new SocketException(address.getHostAddress() + " is an IPv6 address: this stack's TCP and UDP speak IPv4 only so far "
                    + "(ping and neighbour discovery speak IPv6; docs/netstack.md#ipv6)");
        }
        return Ipv4Address.of(address);
    }

    /** A failure of a command on the loop, as the socket call's exception. */
    static IOException ioException(Throwable t) {
        if (t instanceof IOException io) {
            return io;
        }
        if (t instanceof InterruptedException) {
            return new InterruptedIOException("interrupted while waiting for the network stack");
        }
        SocketException e = new SocketException(t.getMessage());
        e.initCause(t);
        return e;
    }
}
