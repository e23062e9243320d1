package io.vnetif.core.impair;

/**
 * A link of limited speed: frames leave one after another at {@code bitsPerSecond}, waiting in a FIFO
 * of at most {@code queueBytes}; a frame that does not fit is dropped (QUEUE_FULL), like a router's
 * tail drop.
 */
public record RateLimit(long bitsPerSecond, int queueBytes) {
    public RateLimit {
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive, got " + bitsPerSecond + " bit/s");
        }
        if (queueBytes < 0) {
            throw new IllegalArgumentException("queue size must not be negative, got " + queueBytes);
        }
    }
}
