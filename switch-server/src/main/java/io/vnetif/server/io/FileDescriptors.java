package io.vnetif.server.io;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.function.LongSupplier;

/**
 * The process's file descriptors: how many are open and how many it may have ({@code RLIMIT_NOFILE}).
 * Every raw-UDP port takes one, and so does every control connection and every scrape of the metrics; a
 * switch that spent them all on ports could no longer be managed, so new sockets for ports stop while
 * fewer than a reserve would be left. Thread-safe.
 */
public final class FileDescriptors {
    private final LongSupplier open;
    private final LongSupplier limit;

    /** @param open how many are open now; @param limit how many the process may have */
    public FileDescriptors(LongSupplier open, LongSupplier limit) {
        this.open = open;
        this.limit = limit;
    }

    /** This process's, where the JVM tells (Unix); elsewhere as good as unlimited. */
    public static FileDescriptors ofThisProcess() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return new FileDescriptors(unix::getOpenFileDescriptorCount, unix::getMaxFileDescriptorCount);
        }
        return new FileDescriptors(() -> 0, () -> Long.MAX_VALUE);
    }

    /** How many the process may have. */
    public long limit() {
        return limit.getAsLong();
    }

    /**
     * Why one more descriptor would eat into {@code reserve}, or {@code null} when there is room.
     *
     * @param what what the descriptor is for, as the refusal says it ("a raw-UDP port's socket")
     */
    public String shortOf(int reserve, String what) {
        long now = open.getAsLong();
        long max = limit.getAsLong();
        if (now + 1 + reserve <= max) {
            return null;
        }
        return "no file descriptor left for " + what + ": " + now + " of the switch's " + max + " are open and " + reserve
                + " are kept for control connections and metrics (--reserved-fds); raise the switch's limit (ulimit -n) or detach raw-UDP ports";
    }
}
