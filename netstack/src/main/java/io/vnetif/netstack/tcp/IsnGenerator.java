package io.vnetif.netstack.tcp;

import io.vnetif.netstack.wire.Bytes;
import io.vnetif.netstack.wire.IpAddress;
import io.vnetif.netstack.wire.Ipv6Address;

/**
 * Initial sequence numbers as RFC 6528 makes them: ISN = M + F(local address and port, remote address and
 * port, secret), M a clock ticking every 4 µs, F a keyed hash (HMAC-SHA-256 here) of the four-tuple under a
 * key chosen at random per stack. Off-path attackers cannot guess it; one four-tuple's numbers still grow
 * with time, as TIME-WAIT reuse wants. Runs once per connection, not per segment.
 */
final class IsnGenerator {
    private final KeyedHash hash;

    IsnGenerator(KeyedHash hash) {
        this.hash = hash;
    }

    int isn(IpAddress localIp, int localPort, IpAddress remoteIp, int remotePort, long nowNanos) {
        byte[] tuple = new byte[2 * Ipv6Address.LENGTH + 4];
        int o = localIp.write(tuple, 0);
        Bytes.put16(tuple, o, localPort);
        o = remoteIp.write(tuple, o + 2);
        Bytes.put16(tuple, o, remotePort);
        int m = (int) (nowNanos / 4_000);
        return m + hash.of(tuple, o + 2);
    }
}
