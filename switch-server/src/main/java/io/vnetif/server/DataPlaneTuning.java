package io.vnetif.server;

/**
 * How the data plane moves datagrams, where the platform allows (Linux epoll); both on by default, and
 * off only to compare or to work around a kernel or library that misbehaves.
 *
 * @param udpGso   send each receive batch's datagrams for one recipient as one segmented send (UDP GSO)
 * @param directIo read and send datagrams with the switch's own {@code recvmmsg} and {@code sendmmsg}
 *                 ({@link io.vnetif.server.io.DirectReceiver}, {@link io.vnetif.server.io.DirectSends}), which allocate nothing per datagram,
 *                 instead of through Netty's datagram channel
 */
public record DataPlaneTuning(boolean udpGso, boolean directIo) {
    /** Everything on. */
    public static final DataPlaneTuning DEFAULTS = new DataPlaneTuning(true, true);

    /** The same with UDP GSO on or off. */
    public DataPlaneTuning withUdpGso(boolean on) {
        return new DataPlaneTuning(on, directIo);
    }

    /** The same with direct I/O on or off. */
    public DataPlaneTuning withDirectIo(boolean on) {
        return new DataPlaneTuning(udpGso, on);
    }
}
