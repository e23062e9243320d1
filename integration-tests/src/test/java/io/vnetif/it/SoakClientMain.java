package io.vnetif.it;

import io.vnetif.api.MacAddress;
import io.vnetif.client.InterfaceClosedException;
import io.vnetif.client.LinkState;
import io.vnetif.client.NicOptions;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.client.Vnetif;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A soak client JVM: keeps {@code ports} interfaces on a network, each sending {@code fps} frames per
 * second to random others, and replaces one at random every {@code churnMillis} (close, attach anew).
 * Arguments: {@code <switch> <network> <ports> <fps> <churnMillis> <seed>}. Prints {@code READY}, then
 * answers {@code REPORT} with {@code REPORT ports=… up=… rx=… tx=… attachFailures=…}; {@code QUIT} ends it.
 */
public final class SoakClientMain {
    private static final int TICK_MILLIS = 10;

    private final VirtualSwitch sw;
    private final String network;
    private final int wanted;
    private final List<Vnetif> nics = new CopyOnWriteArrayList<>();
    private final AtomicLong rx = new AtomicLong();
    private final AtomicLong tx = new AtomicLong();
    private final AtomicLong attachFailures = new AtomicLong();
    private final SplittableRandom random;

    private SoakClientMain(VirtualSwitch sw, String network, int wanted, long seed) {
        this.sw = sw;
        this.network = network;
        this.wanted = wanted;
        this.random = new SplittableRandom(seed);
    }

    public static void main(String[] args) throws Exception {
        int ports = Integer.parseInt(args[2]);
        int fps = Integer.parseInt(args[3]);
        long churnMillis = Long.parseLong(args[4]);
        try (VirtualSwitch sw = VirtualSwitch.remote(args[0])) {
            SoakClientMain client = new SoakClientMain(sw, args[1], ports, Long.parseLong(args[5]));
            while (client.nics.size() < ports) {
                client.attachOne();
            }
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            int perTick = Math.max(1, fps * TICK_MILLIS / 1000);
            timer.scheduleAtFixedRate(() -> client.sendRound(perTick), 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
            timer.scheduleAtFixedRate(client::churn, churnMillis, churnMillis, TimeUnit.MILLISECONDS);
            System.out.println("READY");
            System.out.flush();
            client.serve();
            timer.shutdownNow();
        }
    }

    private void serve() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("QUIT")) {
            if (line.equals("REPORT")) {
                long up = nics.stream().filter(n -> n.state() == LinkState.UP).count();
                System.out.println("REPORT ports=" + nics.size() + " up=" + up + " rx=" + rx.get() + " tx=" + tx.get()
                        + " attachFailures=" + attachFailures.get());
                System.out.flush();
            }
        }
    }

    // Attach, churn and send run on one timer thread (after the first attaches), so the random needs no lock.

    /** Attaches one interface; false (and counted) when the switch refuses or is away. */
    private boolean attachOne() {
        try {
            Vnetif nic = sw.attach(NicOptions.builder().network(network).label("soak").build());
            nic.listen(frame -> rx.incrementAndGet());
            nics.add(nic);
            return true;
        } catch (RuntimeException e) {
            attachFailures.incrementAndGet();
            return false;
        }
    }

    private void churn() {
        if (!nics.isEmpty()) {
            nics.remove(random.nextInt(nics.size())).close();
        }
        while (nics.size() < wanted && attachOne()) {
            // refill; a switch that is away is tried again at the next churn
        }
    }

    private void sendRound(int perNic) {
        List<Vnetif> now = List.copyOf(nics);
        for (Vnetif nic : now) {
            for (int i = 0; i < perNic; i++) {
                MacAddress dst = now.get(random.nextInt(now.size())).mac();
                ByteBuffer frame = ByteBuffer.allocate(64 + random.nextInt(1400));
                frame.put(dst.toBytes()).put(nic.mac().toBytes()).putShort((short) 0x88B7).position(frame.capacity()).flip();
                try {
                    nic.write(frame);
                    tx.incrementAndGet();
                } catch (InterfaceClosedException e) {
                    break; // churned away under us
                }
            }
        }
    }
}
