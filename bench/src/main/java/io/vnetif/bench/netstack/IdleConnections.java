package io.vnetif.bench.netstack;

import io.vnetif.bench.HeapAfterGc;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap per idle connection: live heap (after full collections) with {@code count} established connections
 * that have moved no data, less the heap with none, over the connections. Both ends are in this JVM, so a
 * connection costs two stacks' state and four socket objects (client socket, accepted socket, their impls).
 */
final class IdleConnections {
    private IdleConnections() {
    }

    /** Bytes of live heap per connection (both ends). */
    static long bytesPerConnection(StackPair pair, int count) throws Exception {
        try (ServerSocket listening = pair.server.serverSocket(0, count)) {
            List<StackPair.Connection> open = new ArrayList<>(count);
            // One connection first, so classes, the listener and the stacks' tables are in the baseline.
            open.add(pair.connect(listening));
            long before = HeapAfterGc.bytes();
            for (int i = 0; i < count; i++) {
                open.add(pair.connect(listening));
            }
            long after = HeapAfterGc.bytes();
            if (pair.client.connections().size() < count + 1) {
                throw new IllegalStateException("only " + pair.client.connections().size() + " connections are open");
            }
            for (StackPair.Connection c : open) {
                c.close();
            }
            return (after - before) / count;
        }
    }
}
