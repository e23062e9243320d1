package io.vnetif.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Live heap: used heap after full collections, repeated until it stops shrinking (one System.gc() may
 * leave garbage that a finalizer or reference queue frees only in the next).
 */
public final class HeapAfterGc {
    private static final int MAX_ROUNDS = 5;

    private HeapAfterGc() {
    }

    public static long bytes() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            System.gc();
            Thread.sleep(50);
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return used;
            }
            used = now;
        }
        return used;
    }
}
