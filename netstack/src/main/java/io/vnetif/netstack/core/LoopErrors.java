package io.vnetif.netstack.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the stack's loop does with an exception from its protocols (a bug): logs it, at most once per few
 * seconds with the count since, and goes on — one bad frame must not stop every connection of the stack.
 */
final class LoopErrors {
    private static final Logger log = LoggerFactory.getLogger(StackLoop.class);
    private static final long INTERVAL_NANOS = 5_000_000_000L;
    private static long lastNanos;
    private static long suppressed;

    private LoopErrors() {
    }

    static synchronized void report(RuntimeException e) {
        long now = System.nanoTime();
        if (lastNanos != 0 && now - lastNanos < INTERVAL_NANOS) {
            suppressed++;
            return;
        }
        log.error("the network stack's loop caught an error ({} more since the last report)", suppressed, e);
        lastNanos = now;
        suppressed = 0;
    }
}
