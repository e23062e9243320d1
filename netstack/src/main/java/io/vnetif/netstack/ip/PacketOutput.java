package io.vnetif.netstack.ip;

/**
 * How a transport (TCP, UDP, ICMP's echo) sends: it writes its header and data into the frame being built,
 * at {@link #payloadOffset()} of {@link #buffer()}, and asks for it to be sent; the IP layer adds its header
 * and the link's, resolves the next hop, fragments if it must. One frame is built at a time, on the stack's
 * thread: nothing is allocated per packet.
 */
public interface PacketOutput {
    /** The frame being built; valid until the next {@link #send}. */
    byte[] buffer();

    /** Where the transport's header starts in {@link #buffer()}. */
    int payloadOffset();

    /** The stack's own address: the source of what it sends. */
    int localAddress();

    /**
     * Sends the {@code length} bytes at {@link #payloadOffset()} to {@code destination}.
     *
     * @return false when the packet could not go (no route, larger than the path MTU with DF set): counted
     */
    boolean send(int destination, int protocol, int length, boolean dontFragment);

    /** The largest IP packet that reaches {@code destination} unfragmented as far as the stack knows (path MTU). */
    int pathMtu(int destination);

    /**
     * Answers the packet whose IP header is at {@code ipAt} of {@code frame} with an ICMP destination
     * unreachable of {@code code} (e.g. port unreachable), rate-limited.
     */
    void unreachable(byte[] frame, int ipAt, int code);
}
