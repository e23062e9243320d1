package io.vnetif.netstack.tcp;

import java.nio.ByteBuffer;

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

    int isn(int localIp, int localPort, int remoteIp, int remotePort, long nowNanos) {
        byte[] tuple = ByteBuffer.allocate(12).putInt(localIp).putShort((short) localPort).putInt(remoteIp).putShort((short) remotePort)
                .array();
        int m = (int) (nowNanos / 4_000);
        return m + hash.of(tuple);
    }
}
