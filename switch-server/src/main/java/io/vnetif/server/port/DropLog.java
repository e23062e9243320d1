package io.vnetif.server.port;

import io.vnetif.api.DropReason;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs rejected datagrams at most once per reason per interval, with the number suppressed since, so a
 * flood of bad input costs a counter increment and not a log line. Confined to the data-plane loop.
 */
final class DropLog {
    private static final Logger log = LoggerFactory.getLogger(DropLog.class);
    private static final long INTERVAL_NANOS = 5_000_000_000L;

    private final long[] lastLoggedNanos = new long[DropReason.values().length];
    private final long[] suppressed = new long[DropReason.values().length];
    private final boolean[] everLogged = new boolean[DropReason.values().length];

    void dropped(DropReason reason, InetSocketAddress sender, long nowNanos) {
        int i = reason.ordinal();
        if (everLogged[i] && nowNanos - lastLoggedNanos[i] < INTERVAL_NANOS) {
            suppressed[i]++;
            return;
        }
        if (log.isWarnEnabled()) {
            log.warn("dropped datagram from {}: {}{}", sender, reason,
                    suppressed[i] == 0 ? "" : " (" + suppressed[i] + " more " + reason + " drops since the last report)");
        }
        everLogged[i] = true;
        lastLoggedNanos[i] = nowNanos;
        suppressed[i] = 0;
    }
}
