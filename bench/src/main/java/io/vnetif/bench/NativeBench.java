package io.vnetif.bench;

import io.vnetif.client.NicOptions;
import io.vnetif.client.NicStats;
import io.vnetif.client.Vnetif;
import io.vnetif.client.VirtualSwitch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The native path side by side with direct UDP, in one run: two client-lib interfaces in this JVM on a
 * switch (a separate process, address as the first argument), one-way throughput for each frame size
 * (sender as fast as it can; loss counts frames not sent or not received), plain and then encrypted
 * ({@link NicOptions.Builder#encrypted}); then the same between two plain UDP sockets of this JVM,
 * datagrams of the plain size (header + frame). Prints a table with ratios, writes
 * bench/results/native.csv. Round-trip times are not measured here yet.
 * {@code java -cp bench/target/benchmarks.jar io.vnetif.bench.NativeBench 127.0.0.1:7400 [seconds]}
 */
public final class NativeBench {
    private static final int[] SIZES = {64, 512, 1500};
    private static final int HEADER = 16;

    private NativeBench() {
    }

    record Result(String path, int size, double framesPerSecond, double gbits, double loss) {
    }

    public static void main(String[] args) throws Exception {
        String address = args.length > 0 ? args[0] : "127.0.0.1:7400";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Result> results = new ArrayList<>();
        try (VirtualSwitch lan = VirtualSwitch.remote(address)) {
            for (int size : SIZES) {
                for (boolean encrypted : new boolean[] {false, true}) {
                    System.err.printf("vnetif%s %d bytes ...%n", encrypted ? " encrypted" : "", size);
                    results.add(vnetif(lan, size, seconds, encrypted));
                }
                System.err.printf("direct UDP %d bytes ...%n", size);
                results.add(direct(size + HEADER, size, seconds));
            }
        }
        print(results);
    }

    private static Result vnetif(VirtualSwitch lan, int size, int seconds, boolean encrypted) throws Exception {
        NicOptions options = NicOptions.builder().network("bench").listenerQueueCapacity(1 << 16).encrypted(encrypted).build();
        try (Vnetif a = lan.attach(options);
             Vnetif b = lan.attach(options)) {
            ByteBuffer frame = ByteBuffer.allocate(size);
            frame.put(b.mac().toBytes()).put(a.mac().toBytes()).putShort((short) 0x88B5).position(0);
            b.listen(f -> { });
            b.write(ByteBuffer.allocate(14).put(new byte[] {-1, -1, -1, -1, -1, -1}).put(b.mac().toBytes()).putShort((short) 0x88B5).flip());
            // (the switch learned b, so a's frames go to b only)
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                a.write(frame);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            waitUntilQuiet(b);
            NicStats sa = a.stats();
            NicStats sb = b.stats();
            double rate = sb.rxFrames() / elapsed;
            System.err.printf("  sender: %d sent, %d not taken by its socket; receiver: %d delivered, %d dropped before its listener%n",
                    sa.txFrames(), sa.txDropped(), sb.rxFrames(), sb.rxDropped());
            double loss = 1.0 - (double) sb.rxFrames() / Math.max(1, sa.txFrames() + sa.txDropped());
            return new Result(encrypted ? "vnetif+aead" : "vnetif", size, rate, rate * size * 8 / 1e9, loss);
        }
    }

    private static void waitUntilQuiet(Vnetif receiver) throws InterruptedException {
        long last = -1;
        while (receiver.stats().rxFrames() != last) {
            last = receiver.stats().rxFrames();
            Thread.sleep(200); // until nothing more arrives: the end of the burst
        }
    }

    private static Result direct(int datagram, int size, int seconds) throws Exception {
        try (DatagramChannel tx = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             DatagramChannel rx = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            rx.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
            tx.connect(rx.getLocalAddress());
            AtomicLong received = new AtomicLong();
            Thread reader = new Thread(() -> {
                ByteBuffer in = ByteBuffer.allocateDirect(65536);
                try {
                    while (true) {
                        in.clear();
                        rx.receive(in);
                        received.incrementAndGet();
                    }
                } catch (IOException e) {
                    // closed: the run is over
                }
            });
            reader.setDaemon(true);
            reader.start();
            ByteBuffer out = ByteBuffer.allocateDirect(datagram);
            long sent = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                out.clear();
                tx.write(out);
                sent++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long last = -1;
            while (received.get() != last) {
                last = received.get();
                Thread.sleep(200);
            }
            double rate = received.get() / elapsed;
            return new Result("direct UDP", size, rate, rate * size * 8 / 1e9, 1.0 - (double) received.get() / sent);
        }
    }

    private static void print(List<Result> results) throws IOException {
        StringBuilder csv = new StringBuilder("path,frame_bytes,frames_per_s,gbit_s,loss\n");
        System.out.printf("%-11s %6s %14s %9s %7s%n", "path", "bytes", "frames/s", "Gbit/s", "loss");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-11s %6d %14.0f %9.3f %6.2f%%%n", r.path(), r.size(), r.framesPerSecond(), r.gbits(), r.loss() * 100);
            csv.append(String.format(Locale.ROOT, "%s,%d,%.0f,%.4f,%.4f%n", r.path(), r.size(), r.framesPerSecond(), r.gbits(), r.loss()));
        }
        for (int i = 0; i + 2 < results.size(); i += 3) { // per size: plain, encrypted, direct
            double plain = results.get(i).framesPerSecond();
            double sealed = results.get(i + 1).framesPerSecond();
            double direct = results.get(i + 2).framesPerSecond();
            System.out.printf(Locale.ROOT, "%d bytes: vnetif / direct UDP = %.2fx, encrypted / direct = %.2fx, encrypted / plain = %.2fx%n",
                    results.get(i).size(), plain / direct, sealed / direct, sealed / plain);
        }
        Path out = Path.of("bench", "results");
        Files.createDirectories(out);
        Files.writeString(out.resolve("native.csv"), csv);
    }
}
