package io.vnetif.server.control;

/**
 * Bounds on the state control calls create beside the engine's (whose bounds are
 * {@link io.vnetif.core.SwitchLimits}): beyond them a call is refused with RESOURCE_EXHAUSTED, so no
 * caller can grow the switch's memory or threads without limit.
 *
 * @param maxCaptureSessions capture streams at once (each has a thread and a queue)
 * @param captureBufferBytes bytes of captured frames that may wait for slow readers, all sessions together
 *                           (a session takes at most {@link CaptureStream#SESSION_QUEUE_BYTES} of it); what does
 *                           not fit is lost to the capture and reported to it
 * @param maxLeaseStreams    Lease streams open at once; a stream that sends no renewal for a lease period is
 *                           closed, so a silent one cannot hold a place
 */
public record ControlLimits(int maxCaptureSessions, long captureBufferBytes, int maxLeaseStreams) {
    /** 16 capture sessions sharing 64 MiB, 8192 lease streams. */
    public static final ControlLimits DEFAULTS = new ControlLimits(16, 64L << 20, 8192);

    public ControlLimits {
        if (maxCaptureSessions <= 0 || captureBufferBytes <= 0 || maxLeaseStreams <= 0) {
            throw new IllegalArgumentException("control limits must be positive: " + maxCaptureSessions + " capture sessions, "
                    + captureBufferBytes + " capture buffer bytes, " + maxLeaseStreams + " lease streams");
        }
    }

    /** The same with another capture session limit. */
    public ControlLimits withMaxCaptureSessions(int sessions) {
        return new ControlLimits(sessions, captureBufferBytes, maxLeaseStreams);
    }

    /** The same with another switch-wide capture buffer. */
    public ControlLimits withCaptureBufferBytes(long bytes) {
        return new ControlLimits(maxCaptureSessions, bytes, maxLeaseStreams);
    }

    /** The same with another lease stream limit. */
    public ControlLimits withMaxLeaseStreams(int streams) {
        return new ControlLimits(maxCaptureSessions, captureBufferBytes, streams);
    }
}
