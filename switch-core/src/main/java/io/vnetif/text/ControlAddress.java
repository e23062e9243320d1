package io.vnetif.text;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

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
        InetSocketAddress typed = HostPort.unresolved(text, DEFAULT_PORT);
        return new ControlAddress(typed.getHostString(), typed.getPort());
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
