package io.vnetif.text;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Parses {@code host:port}, {@code [v6]:port} and {@code :port} (all interfaces) into socket addresses. */
public final class HostPort {
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
     */
    public static InetSocketAddress parseWithDefaultPort(String text, int defaultPort) {
        boolean hasPort = text != null && (text.startsWith("[") ? text.contains("]:") : text.contains(":"));
        return checkPeer(text, parse(hasPort ? text : text + ":" + defaultPort));
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
