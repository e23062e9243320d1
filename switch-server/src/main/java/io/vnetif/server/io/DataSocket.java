package io.vnetif.server.io;

import io.netty.channel.Channel;
import java.net.InetAddress;
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
    private final InetAddress requestedHost;

    public DataSocket(Channel channel, SendFailures failures) {
        this(channel, failures, null);
    }

    /**
     * @param requestedHost the address the socket was asked to bind to, which {@link #localAddress()} names:
     *                      a socket asked for {@code 0.0.0.0} reports itself bound to {@code ::} (Netty opens
     *                      dual-stack sockets), which is what it does but not what the user wrote
     */
    public DataSocket(Channel channel, SendFailures failures, InetAddress requestedHost) {
        this.channel = channel;
        this.failures = failures;
        this.requestedHost = requestedHost;
    }

    /** Netty's channel of the socket. */
    public Channel channel() {
        return channel;
    }

    /** Where frames whose send failed on this socket are booked. */
    public SendFailures failures() {
        return failures;
    }

    /** The address the socket is bound to, as it was asked for, with the port it got. */
    public InetSocketAddress localAddress() {
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        return requestedHost == null ? bound : new InetSocketAddress(requestedHost, bound.getPort());
    }

    @Override
    public String toString() {
        return "socket " + channel.localAddress();
    }
}
