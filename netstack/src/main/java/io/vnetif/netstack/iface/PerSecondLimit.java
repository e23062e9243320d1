package io.vnetif.netstack.iface;

/**
 * At most {@code perSecond} events in each second of the stack's clock: how ICMP errors are rate-limited
 * (RFC 1812 §4.3.2.8, RFC 4443 §2.4(f)), so a flood of bad packets does not become a flood of answers.
 * Confined to the stack's thread.
 */
final class PerSecondLimit {
    private final int perSecond;
    private long second = Long.MIN_VALUE;
    private int taken;

    PerSecondLimit(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Whether one more event may happen now (and counts it). */
    boolean take(long nowNanos) {
        long s = nowNanos / 1_000_000_000L;
        if (s != second) {
            second = s;
            taken = 0;
        }
        return ++taken <= perSecond;
    }
}
