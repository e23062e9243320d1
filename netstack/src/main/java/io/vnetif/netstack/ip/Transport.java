package io.vnetif.netstack.ip;

/**
 * A protocol above IP (TCP, UDP): what the IP layer hands it. Called on the stack's thread; {@code frame}
 * is valid during the call only.
 */
public interface Transport {
    /** The IP protocol number it serves. */
    int protocol();

    /**
     * A packet for this protocol: its transport header at {@code at}, {@code length} bytes (IP's payload),
     * the IP header at {@code ipAt}.
     */
    void receive(byte[] frame, int ipAt, int at, int length, int source, int destination, long nowNanos);

    /**
     * An ICMP error about a packet this stack sent: {@code type} and {@code code}, the quoted IP header at
     * {@code quotedIpAt} (with at least 8 bytes of its transport header), {@code nextHopMtu} for
     * fragmentation needed.
     */
    void icmpError(int type, int code, int nextHopMtu, byte[] frame, int quotedIpAt, long nowNanos);
}
