package io.vnetif.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vnetif.client.Fault;
import io.vnetif.client.Impairment;
import io.vnetif.client.Vnetif;
import io.vnetif.client.VirtualSwitch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The example of docs/impairments.md#a-test-that-cuts-a-link-mid-test: the code under test recovers from a link cut mid-test and from loss. */
class StopAndWaitTest {
    private static void sendAll(StopAndWait.Sender sender, int from, int to) {
        try {
            for (int i = from; i < to; i++) {
                sender.send("message " + i, 1_000);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> messages(int count) {
        return IntStream.range(0, count).mapToObj(i -> "message " + i).toList();
    }

    // docs:begin stop-and-wait-test
    @Test
    void recoversWhenTheLinkIsCutMidTest() throws Exception {
        try (VirtualSwitch lan = VirtualSwitch.inProcess();   // or VirtualSwitch.remote("127.0.0.1:7400")
             Vnetif a = lan.attach("demo");
             Vnetif b = lan.attach("demo")) {
            StopAndWait.Receiver receiver = new StopAndWait.Receiver(b);
            StopAndWait.Sender sender = new StopAndWait.Sender(a, b.mac(), Duration.ofMillis(20));
            sendAll(sender, 0, 10);

            CompletableFuture<Void> rest;
            try (Fault cut = lan.cut("demo", a.mac(), b.mac())) {           // the link breaks mid-test...
                rest = CompletableFuture.runAsync(() -> sendAll(sender, 10, 20));
                await().atMost(Duration.ofSeconds(5)).until(() -> sender.retransmissions() >= 3);
            }                                                                 // ...and comes back here
            rest.get(10, TimeUnit.SECONDS);

            assertThat(receiver.received()).containsExactlyElementsOf(messages(20));
        }
    }
    // docs:end stop-and-wait-test

    @Test
    void deliversEverythingOnceThroughLossDuplicationAndJitter() throws Exception {
        try (VirtualSwitch lan = VirtualSwitch.inProcess();
             Vnetif a = lan.attach("demo");
             Vnetif b = lan.attach("demo");
             Impairment bad = lan.impair("demo").loss(0.2).duplicate(0.1).delay(Duration.ofMillis(2), Duration.ofMillis(1)).seed(1).apply()) {
            StopAndWait.Receiver receiver = new StopAndWait.Receiver(b);
            StopAndWait.Sender sender = new StopAndWait.Sender(a, b.mac(), Duration.ofMillis(20));
            sendAll(sender, 0, 50);
            assertThat(receiver.received()).containsExactlyElementsOf(messages(50));
            assertThat(sender.retransmissions()).isPositive();
        }
    }
}
