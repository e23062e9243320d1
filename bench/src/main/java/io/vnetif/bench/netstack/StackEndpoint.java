package io.vnetif.bench.netstack;

import io.vnetif.client.NicOptions;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.netstack.NetStack;
import io.vnetif.netstack.TcpOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Java host of bench/netstack-linux.sh: a {@link NetStack} on a remote switch that serves a sink (reads
 * each connection to its end) and sources (each sends a fixed number of zero bytes to each connection), and prints
 * one line per connection with its rate, measured from accept to the end. Unlike {@code vnetif host}'s
 * discard and source it neither hashes nor generates the bytes, so the rate is the stack's, not SHA-256's.
 */
@Command(name = "StackEndpoint", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A Java TCP host on a remote switch with a sink and a source that print their rates.")
public final class StackEndpoint implements Callable<Integer> {
    /** Bytes per read or write call: as much as one call of the kernel's peers (socat -b) moves. */
    static final int CHUNK = 256 * 1024;

    @Option(names = "--switch", defaultValue = "127.0.0.1:7400", description = "The switch's control address. Default: ${DEFAULT-VALUE}")
    String target;

    @Option(names = "--network", defaultValue = "bench", description = "Default: ${DEFAULT-VALUE}")
    String network;

    @Option(names = "--ip", required = true, paramLabel = "ADDRESS/PREFIX")
    String cidr;

    @Option(names = "--mtu", defaultValue = "1450", description = "The VXLAN hosts' MTU. Default: ${DEFAULT-VALUE}")
    int mtu;

    @Option(names = "--sink", defaultValue = "9", description = "Port of the sink. Default: ${DEFAULT-VALUE}")
    int sinkPort;

    @Option(names = "--source", split = ",", paramLabel = "PORT=BYTES", defaultValue = "19=1073741824",
            description = "Sources: each sends BYTES zero bytes to each connection on PORT. Default: ${DEFAULT-VALUE}")
    Map<Integer, Long> sources;

    @Option(names = "--buffer", defaultValue = "262144", description = "TCP send and receive buffer in bytes (sets the window). Default: ${DEFAULT-VALUE}")
    int buffer;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StackEndpoint()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try (VirtualSwitch sw = VirtualSwitch.remote(target);
             NetStack stack = NetStack.builder(sw.attach(NicOptions.builder().network(network).mtu(mtu).label("java " + cidr).build()))
                     .address(cidr).tcp(TcpOptions.DEFAULTS.withSendBuffer(buffer).withReceiveBuffer(buffer)).build()) {
            serve(stack.serverSocket(sinkPort), "sink " + sinkPort, s -> read(s.getInputStream()));
            for (Map.Entry<Integer, Long> source : sources.entrySet()) {
                long bytes = source.getValue();
                serve(stack.serverSocket(source.getKey()), "source " + source.getKey(), s -> {
                    s.shutdownInput();
                    long sent = write(s.getOutputStream(), bytes);
                    s.shutdownOutput();
                    return sent;
                });
            }
            System.out.println("stack " + cidr + " up: sink " + sinkPort + ", sources " + sources);
            System.out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "stack-endpoint-stop"));
            stopped.await();
        }
        return 0;
    }

    /** What a service does with one connection: the bytes it moved. */
    @FunctionalInterface
    private interface Service {
        long serve(Socket s) throws IOException;
    }

    /** Accepts connections one after the other (the script runs one transfer at a time) and prints each one's rate. */
    private static void serve(ServerSocket listening, String name, Service service) {
        Thread t = new Thread(() -> {
            while (!listening.isClosed()) {
                try (Socket s = listening.accept()) {
                    long start = System.nanoTime();
                    long moved = service.serve(s);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "%s: %d bytes in %.3f s = %.3f Gbit/s%n", name, moved, seconds, moved * 8 / seconds / 1e9);
                    System.out.flush();
                } catch (IOException e) {
                    if (!listening.isClosed()) {
                        System.out.println(name + ": failed: " + e.getMessage());
                    }
                }
            }
        }, "stack-endpoint-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** Reads {@code in} to its end; the bytes read. */
    static long read(InputStream in) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
        }
        return total;
    }

    /** Writes {@code bytes} zero bytes to {@code out}; the bytes written. */
    static long write(OutputStream out, long bytes) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long left = bytes;
        while (left > 0) {
            int n = (int) Math.min(buffer.length, left);
            out.write(buffer, 0, n);
            left -= n;
        }
        return bytes;
    }
}
