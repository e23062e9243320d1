package io.vnetif.netstack.iface;

/**
 * Where the stack's frames go out: a virtual NIC (a {@code Vnetif}), or a test's recorder. Called on the
 * stack's thread; {@code frame} is the stack's own buffer, valid during the call only.
 */
public interface Link {
    /** The interface's MAC as 48 bits of a long. */
    long mac();

    /** The largest Ethernet payload (the IP packet) the link carries. */
    int mtu();

    /** Sends the Ethernet frame of {@code length} bytes at the start of {@code frame}. */
    void transmit(byte[] frame, int length);
}
