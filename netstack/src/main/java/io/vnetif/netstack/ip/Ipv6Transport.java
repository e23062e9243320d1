package io.vnetif.netstack.ip;

/**
 * A protocol above IPv6 (TCP): what the IPv6 interface hands it, as {@link Transport} is for IPv4. Called
 * on the stack's thread; {@code frame} is valid during the call only, and the addresses are read from the
 * IPv6 header in it.
 */
public interface Ipv6Transport {
    /** The next-header value it serves. */
    int protocol();

    /** A packet for this protocol: its header at {@code at}, {@code length} bytes, the IPv6 header at {@code ipAt}. */
    void receive6(byte[] frame, int ipAt, int at, int length, long nowNanos);

    /**
     * An ICMPv6 error about a packet this stack sent: {@code type}, {@code code}, the MTU of a packet too big,
     * the quoted IPv6 header at {@code quotedIpAt} with {@code quotedLength} bytes of it and what follows.
     */
    void icmpError6(int type, int code, long mtu, byte[] frame, int quotedIpAt, int quotedLength, long nowNanos);
}
