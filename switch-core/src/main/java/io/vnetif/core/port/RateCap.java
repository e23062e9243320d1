package io.vnetif.core.port;

import io.vnetif.wire.Ethernet;

/**
 * The most one port may send into the switch: frames per second and bits per second (0: no cap on that
 * measure). A port may burst up to {@link #BURST_NANOS} worth of its rate, so a TCP window or a ping
 * flood's first packets pass while a sustained excess is dropped as {@link io.vnetif.api.DropReason#RATE_LIMITED}.
 *
 * @param framesPerSecond frames a port may send per second, 0 for no cap
 * @param bitsPerSecond   bits (of Ethernet frame, header included) per second, 0 for no cap
 */
public record RateCap(long framesPerSecond, long bitsPerSecond) {
    /** No cap. */
    public static final RateCap NONE = new RateCap(0, 0);
    /** How much of the rate a port may send at once, in nanoseconds' worth: 100 ms. */
    public static final long BURST_NANOS = 100_000_000L;

    public RateCap {
        if (framesPerSecond < 0 || bitsPerSecond < 0) {
            throw new IllegalArgumentException("rate caps cannot be negative: " + framesPerSecond + " frames/s, " + bitsPerSecond + " bit/s");
        }
    }

    /** True when neither measure is capped. */
    public boolean isNone() {
        return framesPerSecond == 0 && bitsPerSecond == 0;
    }

    /** A fresh, full policer for one port, or {@code null} when nothing is capped (the plain path checks one field). */
    public Policer newPolicer(long nowNanos) {
        return isNone() ? null : new Policer(this, nowNanos);
    }

    /**
     * Two token buckets (frames and bytes) for one port. A frame passes only when both hold enough, and
     * then takes from both; a refused frame takes nothing, so a sender over its cap still gets its fair
     * share. Confined to the engine's thread.
     */
    public static final class Policer {
        private final TokenBucket frames;
        private final TokenBucket bytes;

        private Policer(RateCap cap, long nowNanos) {
            // Whatever the rate, one frame of the largest size must fit in a burst, or a slow cap would refuse everything.
            this.frames = cap.framesPerSecond == 0 ? null : bucket(cap.framesPerSecond, 1, nowNanos);
            this.bytes = cap.bitsPerSecond == 0 ? null : bucket(cap.bitsPerSecond / 8.0, Ethernet.HEADER_LENGTH + Ethernet.MAX_MTU, nowNanos);
        }

        private static TokenBucket bucket(double perSecond, double minimumBurst, long nowNanos) {
            return new TokenBucket(perSecond, Math.max(minimumBurst, perSecond * BURST_NANOS / 1e9), nowNanos);
        }

        /** True when a frame of {@code length} bytes may pass now (and it is then charged). */
        public boolean admit(int length, long nowNanos) {
            boolean fits = (frames == null || frames.refillAndCheck(1, nowNanos)) && (bytes == null || bytes.refillAndCheck(length, nowNanos));
            if (fits) {
                if (frames != null) {
                    frames.take(1);
                }
                if (bytes != null) {
                    bytes.take(length);
                }
            }
            return fits;
        }
    }
}
