package io.vnetif.bench.netstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;

/**
 * 1-byte requests and 1-byte responses over one connection with TCP_NODELAY on both ends, one request in
 * flight: the server's thread answers each byte it reads with one byte. Counts round trips for a while.
 */
final class RoundTrips {
    private RoundTrips() {
    }

    /** Round trips per second over {@code nanos}, after {@code warmupNanos} not counted. */
    static double perSecond(StackPair pair, long warmupNanos, long nanos) throws IOException, InterruptedException {
        try (ServerSocket listening = pair.server.serverSocket(0);
             StackPair.Connection conn = pair.connect(listening)) {
            conn.client().setTcpNoDelay(true);
            conn.server().setTcpNoDelay(true);
            Thread echo = new Thread(() -> {
                try {
                    InputStream in = conn.server().getInputStream();
                    OutputStream out = conn.server().getOutputStream();
                    int b;
                    while ((b = in.read()) >= 0) {
                        out.write(b);
                    }
                } catch (IOException e) {
                    // the client closed the connection: the run is over
                }
            }, "bench-echo");
            echo.start();
            InputStream in = conn.client().getInputStream();
            OutputStream out = conn.client().getOutputStream();
            trips(in, out, System.nanoTime() + warmupNanos);
            long start = System.nanoTime();
            long count = trips(in, out, start + nanos);
            double rate = count / ((System.nanoTime() - start) / 1e9);
            conn.client().shutdownOutput();
            echo.join();
            return rate;
        }
    }

    private static long trips(InputStream in, OutputStream out, long until) throws IOException {
        long count = 0;
        while (System.nanoTime() < until) {
            out.write(1);
            if (in.read() != 1) {
                throw new IllegalStateException("the echo did not answer with the byte sent");
            }
            count++;
        }
        return count;
    }
}
