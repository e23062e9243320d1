package io.vnetif.server.io;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * One UDP socket of the data plane as the sends see it: Netty's channel (bound, on the data-plane loop)
 * and the {@link SendFailures} that books the frames whose send fails on it. Made once, when the socket
 * is bound, and handed to every port that sends through it, so a failed send is booked where it was
 * said to be — never found by searching the channel's pipeline.
 */
public final class DataSocket {
    private final Channel channel;
    private final SendFailures failures;

    public DataSocket(Channel channel, SendFailures failures) {
        this.channel = channel;
        this.failures = failures;
    }

    /** Netty's channel of the socket. */
    public Channel channel() {
        return channel;
    }

    /** Where frames whose send failed on this socket are booked. */
    public SendFailures failures() {
        return failures;
    }

    /** The address the socket is bound to. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public String toString() {
        return "socket " + channel.localAddress();
    }
}
