package io.vnetif.examples;

import io.vnetif.api.MacAddress;
import io.vnetif.client.NicOptions;
import io.vnetif.client.NicStats;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.client.Vnetif;
import java.nio.ByteBuffer;

/**
 * MirageOS's {@code iperf_vnetif} across two JVMs: {@code receiver} counts what arrives and prints its
 * rate every second; {@code sender RECEIVER-MAC SECONDS} sends 1500-byte frames as fast as it can,
 * printing its rate every second, then a summary. Switch address as in {@link Connect}.
 */
public final class Iperf {
    private static final int FRAME = 1514;

    private Iperf() {
    }

    public static void main(String[] args) throws Exception {
        ExampleMain.run("Iperf", "Usage: java -cp vnetif-examples.jar io.vnetif.examples.Iperf receiver | sender RECEIVER-MAC SECONDS", args,
                a -> a.length == 1 && a[0].equals("receiver") || a.length == 3 && a[0].equals("sender") && ExampleMain.isCount(a[2])
                        ? null : "want receiver, or sender, the receiver's MAC and SECONDS", Iperf::iperf);
    }

    private static void iperf(String[] args) throws Exception {
        try (VirtualSwitch lan = VirtualSwitch.fromEnvironment();
             Vnetif nic = lan.attach(NicOptions.builder().network("iperf").label(args[0]).listenerQueueCapacity(65536).build())) {
            if (args[0].equals("receiver")) {
                nic.listen(frame -> { });
                System.out.println("receiver ready " + nic.mac());
                report(nic, "rx", Long.MAX_VALUE);
            } else {
                send(nic, MacAddress.parse(args[1]), Integer.parseInt(args[2]));
            }
        }
    }

    private static void send(Vnetif nic, MacAddress to, int seconds) {
        ByteBuffer frame = ByteBuffer.allocate(FRAME);
        frame.put(to.toBytes()).put(nic.mac().toBytes()).putShort((short) 0x88B5).position(0);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long nextReport = System.nanoTime() + 1_000_000_000L;
        NicStats last = nic.stats();
        while (System.nanoTime() < end) {
            nic.write(frame);
            if (System.nanoTime() >= nextReport) {
                last = progress("tx", nic.stats(), last, 1.0);
                nextReport += 1_000_000_000L;
            }
        }
        NicStats s = nic.stats();
        System.out.printf(java.util.Locale.ROOT, "sent %d frames, %.1f Mbit/s on average, %d not sent%n", s.txFrames(),
                s.txBytes() * 8 / (seconds * 1e6), s.txDropped());
    }

    private static void report(Vnetif nic, String what, long seconds) throws InterruptedException {
        NicStats last = nic.stats();
        for (long i = 0; i < seconds; i++) {
            Thread.sleep(1000); // the reporting period
            last = progress(what, nic.stats(), last, 1.0);
        }
    }

    private static NicStats progress(String what, NicStats now, NicStats before, double seconds) {
        boolean rx = what.equals("rx");
        long frames = rx ? now.rxFrames() - before.rxFrames() : now.txFrames() - before.txFrames();
        long bytes = rx ? now.rxBytes() - before.rxBytes() : now.txBytes() - before.txBytes();
        System.out.printf(java.util.Locale.ROOT, "%s %8.1f Mbit/s %8d frames/s%n", what, bytes * 8 / seconds / 1e6, (long) (frames / seconds));
        return now;
    }
}
