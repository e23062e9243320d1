package io.vnetif.server.port;

/**
 * Bounds on the ports control calls create, beyond the engine's per network: beyond them an attach is
 * refused with RESOURCE_EXHAUSTED.
 *
 * @param maxPerClient        ports one client (a scoped token, else an address) may have attached at once
 * @param maxPerPeer          ports whose frames the switch sends to one endpoint it was told of (a VXLAN peer,
 *                            a raw-UDP remote, a native port's client_data_endpoint): each datagram to a
 *                            network becomes as many datagrams there
 * @param reservedDescriptors file descriptors kept free for control connections, the metrics endpoint and
 *                            the JVM: a raw-UDP port (one socket each) is refused when fewer would be left
 */
public record PortLimits(int maxPerClient, int maxPerPeer, int reservedDescriptors) {
    /** 4096 ports per client, 64 per peer endpoint, 256 descriptors in reserve. */
    public static final PortLimits DEFAULTS = new PortLimits(4096, 64, 256);

    public PortLimits {
        if (maxPerClient <= 0 || maxPerPeer <= 0 || reservedDescriptors < 0) {
            throw new IllegalArgumentException("port limits must be positive (the reserve not negative): " + maxPerClient
                    + " per client, " + maxPerPeer + " per peer, " + reservedDescriptors + " descriptors in reserve");
        }
    }
}
