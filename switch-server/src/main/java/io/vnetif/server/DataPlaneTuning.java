package io.vnetif.server;

import java.time.Duration;

/**
 * How the data plane moves datagrams, where the platform allows (Linux epoll), and how long its thread
 * may fail to answer before the switch gives up on it. UDP GSO and direct I/O are on by default, and off
 * only to compare or to work around a kernel or library that misbehaves.
 *
 * @param udpGso       send each receive batch's datagrams for one recipient as one segmented send (UDP GSO)
 * @param directIo     read and send datagrams with the switch's own {@code recvmmsg} and {@code sendmmsg}
 *                     ({@link io.vnetif.server.io.DirectReceiver}, {@link io.vnetif.server.io.DirectSends}),
 *                     which allocate nothing per datagram, instead of through Netty's datagram channel
 * @param maxLoopStall how long a task handed to the data-plane thread may wait before the switch takes the
 *                     thread for dead and fails fast (see {@link io.vnetif.server.io.LoopWatchdog})
 */
public record DataPlaneTuning(boolean udpGso, boolean directIo, Duration maxLoopStall) {
    /** The default {@link #maxLoopStall}: far beyond any pause a working loop takes (a control call gives up after 10 s). */
    public static final Duration DEFAULT_MAX_LOOP_STALL = Duration.ofSeconds(30);
    /** Everything on. */
    public static final DataPlaneTuning DEFAULTS = new DataPlaneTuning(true, true, DEFAULT_MAX_LOOP_STALL);

    public DataPlaneTuning {
        if (maxLoopStall.isNegative() || maxLoopStall.isZero()) {
            throw new IllegalArgumentException("the longest loop stall must be positive, got " + maxLoopStall);
        }
    }

    /** The same with UDP GSO on or off. */
    public DataPlaneTuning withUdpGso(boolean on) {
        return new DataPlaneTuning(on, directIo, maxLoopStall);
    }

    /** The same with direct I/O on or off. */
    public DataPlaneTuning withDirectIo(boolean on) {
        return new DataPlaneTuning(udpGso, on, maxLoopStall);
    }

    /** The same with another longest loop stall. */
    public DataPlaneTuning withMaxLoopStall(Duration stall) {
        return new DataPlaneTuning(udpGso, directIo, stall);
    }
}
