package io.vnetif.proto.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** What a gRPC target string ({@code host:port}, {@code [v6]:port}, {@code dns:///host:port}) says about its host. */
final class GrpcTarget {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private GrpcTarget() {
    }

    /**
     * Whether the target's host is {@code localhost} or a loopback address literal. Names are not
     * looked up: one that resolves to loopback today may not tomorrow, so it does not count.
     */
    static boolean isLoopback(String target) {
        String authority = target.contains(":///") ? target.substring(target.indexOf(":///") + 4) : target;
        String host;
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            host = end < 0 ? "" : authority.substring(1, end);
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IPV4.matcher(host).matches() && !host.contains(":")) {
            return false; // a name, not a literal
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
