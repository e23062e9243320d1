package io.vnetif.server.control;

import io.vnetif.server.port.PortLimits;

/**
 * Bounds on the state control calls create beside the engine's (whose bounds are
 * {@link io.vnetif.core.SwitchLimits}): beyond them a call is refused with RESOURCE_EXHAUSTED, so no
 * caller can grow the switch's memory, threads or descriptors without limit, and no client can take
 * what the others need. A client is a token of a tenants' file, or without one, an address.
 *
 * @param maxCaptureSessions       capture streams at once (each has a thread and a queue)
 * @param captureBufferBytes       bytes of captured frames that may wait for slow readers, all sessions together
 *                                 (a session takes at most {@link CaptureStream#SESSION_QUEUE_BYTES} of it); what
 *                                 does not fit is lost to the capture and reported to it
 * @param maxLeaseStreams          Lease streams open at once; a stream that sends no renewal for a lease period is
 *                                 closed, so a silent one cannot hold a place
 * @param maxCapturesPerClient     capture streams one client may have open at once
 * @param maxLeaseStreamsPerClient Lease streams one client may have open at once
 * @param maxNetworksPerClient     networks a scoped token may see before it may create no more (by attaching or
 *                                 by rules set up before an attach), so a token with a pattern cannot take every
 *                                 network the switch may have
 * @param ports                    bounds on ports per client and per peer, and the descriptors kept in reserve
 */
public record ControlLimits(int maxCaptureSessions, long captureBufferBytes, int maxLeaseStreams, int maxCapturesPerClient,
                            int maxLeaseStreamsPerClient, int maxNetworksPerClient, PortLimits ports) {
    /**
     * 16 capture sessions sharing 64 MiB, 8 per client; 8192 lease streams, 2048 per client; 64 networks per
     * scoped token; {@link PortLimits#DEFAULTS}.
     */
    public static final ControlLimits DEFAULTS = new ControlLimits(16, 64L << 20, 8192, 8, 2048, 64, PortLimits.DEFAULTS);

    public ControlLimits {
        if (maxCaptureSessions <= 0 || captureBufferBytes <= 0 || maxLeaseStreams <= 0 || maxCapturesPerClient <= 0
                || maxLeaseStreamsPerClient <= 0 || maxNetworksPerClient <= 0) {
            throw new IllegalArgumentException("control limits must be positive: " + maxCaptureSessions + " capture sessions, "
                    + captureBufferBytes + " capture buffer bytes, " + maxLeaseStreams + " lease streams, " + maxCapturesPerClient
                    + " captures, " + maxLeaseStreamsPerClient + " lease streams and " + maxNetworksPerClient + " networks per client");
        }
        java.util.Objects.requireNonNull(ports, "ports");
    }

    /** The same with another capture session limit. */
    public ControlLimits withMaxCaptureSessions(int sessions) {
        return new ControlLimits(sessions, captureBufferBytes, maxLeaseStreams, maxCapturesPerClient, maxLeaseStreamsPerClient,
                maxNetworksPerClient, ports);
    }

    /** The same with another switch-wide capture buffer. */
    public ControlLimits withCaptureBufferBytes(long bytes) {
        return new ControlLimits(maxCaptureSessions, bytes, maxLeaseStreams, maxCapturesPerClient, maxLeaseStreamsPerClient,
                maxNetworksPerClient, ports);
    }

    /** The same with another lease stream limit. */
    public ControlLimits withMaxLeaseStreams(int streams) {
        return new ControlLimits(maxCaptureSessions, captureBufferBytes, streams, maxCapturesPerClient, maxLeaseStreamsPerClient,
                maxNetworksPerClient, ports);
    }

    /** The same with other limits per client: capture streams, lease streams, networks of a scoped token. */
    public ControlLimits withPerClient(int captures, int leaseStreams, int networks) {
        return new ControlLimits(maxCaptureSessions, captureBufferBytes, maxLeaseStreams, captures, leaseStreams, networks, ports);
    }

    /** The same with other port limits. */
    public ControlLimits withPorts(PortLimits newPorts) {
        return new ControlLimits(maxCaptureSessions, captureBufferBytes, maxLeaseStreams, maxCapturesPerClient, maxLeaseStreamsPerClient,
                maxNetworksPerClient, newPorts);
    }
}
