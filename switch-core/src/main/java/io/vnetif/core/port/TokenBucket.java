package io.vnetif.core.port;

/** Tokens that refill at a constant rate up to a capacity (the burst). Not thread-safe: one owner thread. */
public final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    /** A full bucket. */
    public TokenBucket(double perSecond, double capacity, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.capacity = capacity;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** True when {@code amount} tokens are there now (refilling first); takes nothing. */
    public boolean refillAndCheck(double amount, long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
        return tokens >= amount;
    }

    /** Takes {@code amount} tokens (after a check said they are there). */
    public void take(double amount) {
        tokens -= amount;
    }

    /** Nanoseconds until {@code amount} tokens will be there (0 when they are). */
    public long nanosUntil(double amount) {
        return tokens >= amount ? 0 : (long) Math.ceil((amount - tokens) / perNano);
    }
}
