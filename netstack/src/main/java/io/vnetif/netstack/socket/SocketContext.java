package io.vnetif.netstack.socket;

import io.vnetif.netstack.core.Stack;
import io.vnetif.netstack.core.StackLoop;
import io.vnetif.netstack.tcp.TcpConfig;
import io.vnetif.netstack.tcp.TcpConnection;
import io.vnetif.netstack.wire.IpAddress;
import io.vnetif.netstack.wire.Ipv4Address;
import io.vnetif.netstack.wire.Ipv6Address;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the stack's sockets share: the stack, its loop, its TCP settings, and the names it knows (JDK 17
 * has no resolver SPI: a host name on the LAN is looked up in the stack's own table, never in DNS).
 *
 * @param hosts name to IPv4 address, as the stack was built with
 */
public record SocketContext(Stack stack, StackLoop loop, TcpConfig tcpConfig, Map<String, Integer> hosts) {
    /**
     * The address of {@code name}: an IPv4 or IPv6 literal (bracketed or not), or a name of the stack's table.
     *
     * @throws UnknownHostException naming the host when it is neither
     */
    public InetAddress resolve(String name) throws UnknownHostException {
        // An IPv6 literal may come bracketed, as in host:port text ([2001:db8::7]:80).
        String host = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        Integer known = hosts.get(host);
        if (known != null) {
            return Ipv4Address.toInet(known);
        }
        try {
            return host.indexOf(':') >= 0 ? Ipv6Address.parse(host).toInet() : Ipv4Address.toInet(Ipv4Address.parse(host));
        } catch (IllegalArgumentException e) {
            throw new UnknownHostException(host + ": not an IP address and not a name this stack knows "
                    + "(NetStack.Builder.host(name, address) adds one)");
        }
    }

    /** Whether {@code address} is the stack's: its IPv4 address or one of its IPv6 addresses (any state). */
    boolean isLocal(InetAddress address) throws IOException {
        IpAddress a = IpAddress.of(address);
        if (a.isV4()) {
            return a.v4() == stack.ip().address();
        }
        return stack.ipv6() != null && loop.call(() -> stack.ipv6().addresses().stream().anyMatch(s -> s.address().equals(a.v6())),
                SocketContext::ioException);
    }

    /** The stack's addresses as text, for errors. */
    String localAddresses() throws IOException {
        StringBuilder b = new StringBuilder(Ipv4Address.text(stack.ip().address()));
        if (stack.ipv6() != null) {
            loop.call(() -> stack.ipv6().addresses(), SocketContext::ioException).forEach(s -> b.append(", ").append(s.address()));
        }
        return b.toString();
    }

    /**
     * The address of {@code address} for the stack's UDP, which speaks the stack's families.
     *
     * @throws SocketException saying so for an IPv6 address when the stack has none
     */
    IpAddress reachable(InetAddress address) throws SocketException {
        IpAddress a = IpAddress.of(address);
        if (!a.isV4() && stack.ipv6() == null) {
            throw new SocketException("no IPv6 address of this stack may reach " + a + ": it has none "
                    + "(NetStack.Builder.address(\"2001:db8::5/64\") gives one)");
        }
        return a;
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

    /** Half-closes {@code c}: a FIN goes after the data written, sent by the stack's thread. */
    public void shutdownOutput(TcpConnection c) {
        request(c, TcpConnection::requestShutdownOutput);
    }

    /** Discards what {@code c} holds unread and what arrives from now on: reads return -1. */
    public void shutdownInput(TcpConnection c) {
        request(c, TcpConnection::requestShutdownInput);
    }

    /** Asks {@code c} for something under its lock, then has the stack's thread act on it. */
    private void request(TcpConnection c, Consumer<TcpConnection> what) {
        c.lock.lock();
        try {
            what.accept(c);
        } finally {
            c.lock.unlock();
        }
        loop.kick(c);
    }

    /**
     * Closes {@code c} without waiting: a FIN after the data written, or a reset with {@code abort} or when
     * received data was left unread (RFC 2525). Returns true when it reset the connection.
     */
    public boolean close(TcpConnection c, boolean abort) {
        boolean reset;
        c.lock.lock();
        try {
            reset = c.requestClose(abort);
        } finally {
            c.lock.unlock();
        }
        if (reset) {
            loop.execute(() -> stack.tcp().serve(c, true, stack.now()));
        } else {
            loop.kick(c);
        }
        return reset;
    }
}
