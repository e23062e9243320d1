package io.vnetif.bench.netstack;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One bulk transfer over a connection: a thread of its own writes {@code bytes} zero bytes and shuts its
 * output down; the caller's thread reads to the end. Timed from the first write to the last byte read.
 */
final class BulkTransfer {
    private BulkTransfer() {
    }

    /** The transfer's duration in nanoseconds; fails unless exactly {@code bytes} arrived. */
    static long run(Socket from, Socket to, long bytes) throws IOException, InterruptedException {
        long start = System.nanoTime();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                StackEndpoint.write(from.getOutputStream(), bytes);
                from.shutdownOutput();
            } catch (IOException e) {
                throw new IllegalStateException("the writer failed", e);
            }
        }, r -> new Thread(r, "bench-writer").start());
        long read = StackEndpoint.read(to.getInputStream());
        long nanos = System.nanoTime() - start;
        try {
            writer.get();
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
        if (read != bytes) {
            throw new IllegalStateException(read + " bytes arrived of " + bytes);
        }
        return nanos;
    }

    /** Gbit/s of {@code bytes} in {@code nanos}. */
    static double gbits(long bytes, long nanos) {
        return bytes * 8.0 / nanos;
    }
}
