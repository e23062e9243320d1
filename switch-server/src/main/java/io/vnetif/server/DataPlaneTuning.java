package io.vnetif.server;

/**
 * How the data plane moves datagrams, where the platform allows (Linux epoll); both on by default, and
 * off only to compare or to work around a kernel or library that misbehaves.
 *
 * @param udpGso        send each receive batch's datagrams for one recipient as one segmented send (UDP GSO)
 * @param directReceive read datagrams with the switch's own {@code recvmmsg} ({@link DirectReceiver}), which
 *                      allocates nothing per datagram, instead of Netty's datagram read
 */
public record DataPlaneTuning(boolean udpGso, boolean directReceive) {
    /** Everything on. */
    public static final DataPlaneTuning DEFAULTS = new DataPlaneTuning(true, true);

    /** The same with UDP GSO on or off. */
    public DataPlaneTuning withUdpGso(boolean on) {
        return new DataPlaneTuning(on, directReceive);
    }

    /** The same with direct receive on or off. */
    public DataPlaneTuning withDirectReceive(boolean on) {
        return new DataPlaneTuning(udpGso, on);
    }
}
