package io.vnetif.bench.netstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connections opened and closed as fast as {@code clients} threads can: each connects, waits for the
 * server's end of the stream and closes; the server's thread accepts each connection and closes it at once
 * (so the server holds TIME-WAIT, as an HTTP/1.0 server does). A cycle counts once the client has seen
 * the server's FIN and closed: the three-way handshake, both FINs, and the accept, on both stacks.
 */
final class ConnectionChurn {
    private ConnectionChurn() {
    }

    /** Cycles per second over {@code nanos} after {@code warmupNanos}, with {@code clients} client threads. */
    static double perSecond(StackPair pair, int clients, long warmupNanos, long nanos) throws Exception {
        try (ServerSocket listening = pair.server.serverSocket(0, 1024)) {
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try {
                        listening.accept().close();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "bench-acceptor");
            acceptor.start();
            InetSocketAddress server = new InetSocketAddress(StackPair.SERVER, listening.getLocalPort());
            run(pair, server, clients, warmupNanos);
            long start = System.nanoTime();
            long cycles = run(pair, server, clients, nanos);
            double rate = cycles / ((System.nanoTime() - start) / 1e9);
            listening.close();
            acceptor.join();
            return rate;
        }
    }

    private static long run(StackPair pair, InetSocketAddress server, int clients, long nanos) throws Exception {
        long until = System.nanoTime() + nanos;
        AtomicLong cycles = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < until) {
                        try (Socket s = pair.client.socket()) {
                            s.connect(server, 10_000);
                            if (s.getInputStream().read() != -1) {
                                throw new IllegalStateException("the server sent data instead of closing");
                            }
                        }
                        cycles.incrementAndGet();
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-client-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return cycles.get();
    }
}
