package io.vnetif.text;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses {@code host:port}, {@code [v6]:port} and {@code :port} (all interfaces) into socket addresses. */
public final class HostPort {
    /** Digits only (no sign, no spaces), and few enough that the number cannot overflow. */
    private static final Pattern PORT = Pattern.compile("\\d{1,9}");

    private HostPort() {
    }

    /**
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static InetSocketAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address, want host:port");
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' has no port, want host:port");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': write IPv6 addresses in brackets, e.g. [::1]:7400");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': port '" + portText + "' is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "': port " + port + " out of range 0..65535");
        }
        if (host.isEmpty()) {
            return new InetSocketAddress(port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "': unknown host '" + host + "'");
        }
    }

    /**
     * Like {@link #parse} for a peer to send to, where the port may be left out ({@code 198.18.1.1},
     * {@code [::1]}) and then is {@code defaultPort}; see {@link #parsePeer} for what it must be.
     *
     * @param defaultPort 0: the port must be given
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static InetSocketAddress parseWithDefaultPort(String text, int defaultPort) {
        InetSocketAddress typed = unresolved(text, defaultPort);
        InetAddress address;
        try {
            address = InetAddress.getByName(typed.getHostString());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "': unknown host '" + typed.getHostString() + "'");
        }
        return checkPeer(text, new InetSocketAddress(address, typed.getPort()));
    }

    /**
     * Like {@link #parse} for one endpoint to send datagrams to: a port other than 0, and a concrete
     * unicast address — no wildcard ({@code 0.0.0.0}, {@code ::}), no multicast group, not the broadcast
     * address (a send there fails or reaches many hosts, neither of which a port's peer is).
     */
    public static InetSocketAddress parsePeer(String text) {
        return checkPeer(text, parse(text));
    }

    private static InetSocketAddress checkPeer(String text, InetSocketAddress address) {
        InetAddress host = address.getAddress();
        String why = address.getPort() == 0 ? "port 0"
                : host.isAnyLocalAddress() ? "a wildcard address"
                : host.isMulticastAddress() ? "a multicast group"
                : isLimitedBroadcast(host) ? "the broadcast address"
                : null;
        if (why != null) {
            throw new IllegalArgumentException("'" + text + "' is not an address to send to (" + why + ")");
        }
        return address;
    }

    /**
     * Reads a peer's address as a person writes it: {@code host:port}, {@code [v6]:port}, or a host alone,
     * which means {@code defaultPort}; port 1..65535. Nothing is looked up, so a command line can check what
     * was typed before the name means anything (it may resolve only where the address is used).
     *
     * @param defaultPort 0: the port must be given
     * @return an unresolved address
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static InetSocketAddress unresolved(String text, int defaultPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address, want host:port");
        }
        String host = text.strip();
        String portText = null;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0 || (end + 1 < host.length() && host.charAt(end + 1) != ':')) {
                throw new IllegalArgumentException("'" + text + "' is not an address: want [v6]:port, e.g. [::1]:7400");
            }
            portText = end + 1 < host.length() ? host.substring(end + 2) : null;
            host = host.substring(1, end);
        } else if (host.indexOf(':') != host.lastIndexOf(':')) {
            throw new IllegalArgumentException("'" + text + "': write IPv6 addresses in brackets, e.g. [::1]:7400");
        } else if (host.indexOf(':') >= 0) {
            portText = host.substring(host.indexOf(':') + 1);
            host = host.substring(0, host.indexOf(':'));
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host, want host:port");
        }
        if (portText == null) {
            if (defaultPort == 0) {
                throw new IllegalArgumentException("'" + text + "' has no port, want host:port");
            }
            return InetSocketAddress.createUnresolved(host, defaultPort);
        }
        if (!PORT.matcher(portText).matches()) {
            throw new IllegalArgumentException("'" + text + "': port '" + portText + "' is not a number");
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "': port " + port + " out of range 1..65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static boolean isLimitedBroadcast(InetAddress host) {
        byte[] bytes = host.getAddress();
        if (bytes.length != 4) {
            return false;
        }
        for (byte b : bytes) {
            if (b != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** {@code 127.0.0.1:7400} or {@code [::1]:7400}, without a host name lookup. */
    public static String format(InetSocketAddress address) {
        return format(address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString(), address.getPort());
    }

    /** {@code host:port}, an IPv6 literal in brackets. */
    public static String format(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
