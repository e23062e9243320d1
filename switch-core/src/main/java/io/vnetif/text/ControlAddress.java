package io.vnetif.text;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The address of a switch's control port as a user writes it: {@code host:port}, {@code [v6]:port}, or
 * a host alone, which means port {@value #DEFAULT_PORT} (never gRPC's 443). Read without a name lookup,
 * so a bad port is refused at once and a host that does not resolve is told apart from a switch that
 * does not answer.
 *
 * @param host a name, an IPv4 literal or an IPv6 literal (without brackets)
 * @param port 1..65535
 */
public record ControlAddress(String host, int port) {
    /** The control port a switch listens on, and clients connect to, unless told another. */
    public static final int DEFAULT_PORT = 7400;

    private static final Pattern PORT = Pattern.compile("\\d{1,9}");

    public ControlAddress {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 1..65535");
        }
    }

    /**
     * @throws IllegalArgumentException naming the text and what is wrong with it (empty, no host, a port
     *                                  that is no number or out of range, an IPv6 literal without brackets)
     */
    public static ControlAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty switch address, want host:port (e.g. 127.0.0.1:" + DEFAULT_PORT + ")");
        }
        String host = text.strip();
        String portText = null;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0 || (end + 1 < host.length() && host.charAt(end + 1) != ':')) {
                throw new IllegalArgumentException("'" + text + "' is not an address: want [v6]:port, e.g. [::1]:" + DEFAULT_PORT);
            }
            portText = end + 1 < host.length() ? host.substring(end + 2) : null;
            host = host.substring(1, end);
        } else if (host.indexOf(':') != host.lastIndexOf(':')) {
            throw new IllegalArgumentException("'" + text + "': write IPv6 addresses in brackets, e.g. [::1]:" + DEFAULT_PORT);
        } else if (host.indexOf(':') >= 0) {
            portText = host.substring(host.indexOf(':') + 1);
            host = host.substring(0, host.indexOf(':'));
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host, want host:port (e.g. 127.0.0.1:" + DEFAULT_PORT + ")");
        }
        if (portText == null) {
            return new ControlAddress(host, DEFAULT_PORT);
        }
        if (!PORT.matcher(portText).matches()) {
            throw new IllegalArgumentException("'" + text + "': port '" + portText + "' is not a number");
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "': port " + port + " out of range 1..65535");
        }
        return new ControlAddress(host, port);
    }

    /**
     * Looks the host up.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    public InetAddress resolve() throws UnknownHostException {
        return InetAddress.getByName(host);
    }

    /** {@code host:port}, an IPv6 literal in brackets: what gRPC takes as a target and what users read. */
    @Override
    public String toString() {
        return HostPort.format(host, port);
    }
}
