package io.vnetif.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vnetif.junit.ChildProcess;
import io.vnetif.proto.v1.AddImpairmentRequest;
import io.vnetif.proto.v1.DelaySpec;
import io.vnetif.proto.v1.ImpairmentSpec;
import io.vnetif.proto.v1.LossSpec;
import io.vnetif.proto.v1.FrameLedger;
import io.vnetif.proto.v1.ListPortsRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * 32 ports in four client JVMs sending at a steady rate with attach/detach churn; one client JVM is
 * killed with SIGKILL, then loss, delay and duplication are switched on, and the switch is stopped and
 * started again. The books must balance at
 * every look, every client must come back, nothing may hang, and the heap after GC must stay flat.
 * Runs about 30 s; {@code -Dvnetif.soak.seconds=600} makes a long soak.
 */
class SoakIT {
    private static final String NETWORK = "soak";
    private static final int CLIENTS = 4;
    private static final int PORTS_PER_CLIENT = 8;
    private static final int FPS_PER_PORT = 200;
    private static final long CHURN_MILLIS = 300;
    private static final Duration PHASE = Duration.ofSeconds(Math.max(10, Long.getLong("vnetif.soak.seconds", 30)) / 3);
    private static final long HEAP_SLACK_BYTES = 16L << 20;
    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(20);

    @Test
    void clientsChurnDieAndOutliveASwitchRestartWithTheBooksBalanced() throws Exception {
        String[] flags = {"--lease", "2s"};
        List<ChildProcess> clients = new ArrayList<>();
        SwitchProcess second = null;
        try (SwitchProcess first = SwitchProcess.startWithFlags(flags)) {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(startClient(first, i));
            }
            awaitAllUp(first, clients);
            runChecked(first, PHASE);
            long heapBefore = first.heapAfterGc();

            // A client JVM dies without a word: its ports go when their leases run out; a new one takes its place.
            clients.remove(0).kill9();
            await().atMost(Duration.ofSeconds(15)).until(() -> portCount(first) <= (CLIENTS - 1) * PORTS_PER_CLIENT);
            clients.add(startClient(first, CLIENTS));
            awaitAllUp(first, clients);
            // Impaired meanwhile, so frames are held (and some of their ports leave) while the books are read.
            first.admin().addImpairment(AddImpairmentRequest.newBuilder().setNetwork(NETWORK).setSpec(ImpairmentSpec.newBuilder()
                    .setLoss(LossSpec.newBuilder().setProbability(0.02))
                    .setDelay(DelaySpec.newBuilder().setDelayNs(5_000_000).setJitterNs(2_000_000))
                    .setDuplicate(0.02)).build());
            runChecked(first, PHASE);
            assertThat(first.heapAfterGc()).as("switch heap after GC, after a client's death vs before").isLessThan(heapBefore + HEAP_SLACK_BYTES);

            // The switch stops (telling its clients) and starts again where it was.
            FrameLedger last = checkBalanced(first);
            first.close();
            second = SwitchProcess.startAt(first.control(), first.data(), flags);
            awaitAllUp(second, clients);
            long rxBefore = totalRx(clients);
            runChecked(second, PHASE);
            assertThat(totalRx(clients)).as("frames flow again after the restart").isGreaterThan(rxBefore);
            FrameLedger end = checkBalanced(second);
            System.out.printf("soak: %d ports, %d s; first switch %s; second switch %s%n", CLIENTS * PORTS_PER_CLIENT,
                    PHASE.toSeconds() * 3, describe(last), describe(end));
        } finally {
            for (ChildProcess c : clients) {
                c.close();
            }
            if (second != null) {
                second.close();
            }
        }
    }

    private static ChildProcess startClient(SwitchProcess sw, int n) throws Exception {
        ChildProcess c = Launch.main("soak" + n, SoakClientMain.class, List.of(sw.control(), NETWORK,
                Integer.toString(PORTS_PER_CLIENT), Integer.toString(FPS_PER_PORT), Long.toString(CHURN_MILLIS), Integer.toString(n)));
        c.expect("^READY$", REPORT_TIMEOUT);
        return c;
    }

    /** Every client has all its ports attached and UP, and the switch lists them all. */
    private static void awaitAllUp(SwitchProcess sw, List<ChildProcess> clients) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (ChildProcess c : clients) {
                Matcher r = report(c);
                if (Integer.parseInt(r.group(1)) != PORTS_PER_CLIENT || Integer.parseInt(r.group(2)) != PORTS_PER_CLIENT) {
                    return false;
                }
            }
            return portCount(sw) >= clients.size() * PORTS_PER_CLIENT;
        });
    }

    /**
     * Lets the load run for {@code time}; the books must balance at every look (one every half second):
     * the first look that finds them off fails the test at once.
     */
    private static void runChecked(SwitchProcess sw, Duration time) {
        await().failFast(() -> {
            checkBalanced(sw);
        }).during(time).atMost(time.plusSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> true);
    }

    private static FrameLedger checkBalanced(SwitchProcess sw) {
        FrameLedger l = sw.ledger();
        Books.assertBalanced(l);
        return l;
    }


    private static String describe(FrameLedger l) {
        return "received " + l.getReceived() + " + copies " + l.getCopies() + " = delivered " + l.getDelivered() + " + dropped "
                + Books.sum(l.getDroppedList()) + " + held " + l.getHeld() + " (dropped: " + Books.byReason(l.getDroppedList()) + ")";
    }

    private static int portCount(SwitchProcess sw) {
        return sw.admin().listPorts(ListPortsRequest.newBuilder().setNetwork(NETWORK).build()).getPortsCount();
    }

    private static long totalRx(List<ChildProcess> clients) throws InterruptedException {
        long sum = 0;
        for (ChildProcess c : clients) {
            sum += Long.parseLong(report(c).group(3));
        }
        return sum;
    }

    private static Matcher report(ChildProcess c) throws InterruptedException {
        c.send("REPORT");
        return c.expect("^REPORT ports=(\\d+) up=(\\d+) rx=(\\d+) tx=\\d+ attachFailures=\\d+$", REPORT_TIMEOUT);
    }
}
