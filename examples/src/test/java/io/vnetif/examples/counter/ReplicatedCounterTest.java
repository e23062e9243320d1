package io.vnetif.examples.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.vnetif.api.MacAddress;
import io.vnetif.client.Fault;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.junit.ChildProcess;
import io.vnetif.junit.Host;
import io.vnetif.junit.JvmLauncher;
import io.vnetif.junit.LaunchedHost;
import io.vnetif.junit.VnetifTest;
import io.vnetif.netstack.NetStack;
import io.vnetif.netty.grpc.VnetifGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes of a replicated counter in three JVMs on one LAN, this test's JVM the fourth, their client:
 * a partition cuts one node off mid-run, the majority goes on, the minority falls behind, and once healed
 * all three agree (docs/services.md#a-replicated-service-with-a-partition).
 */
@VnetifTest(mode = VnetifTest.Mode.PROCESS)
class ReplicatedCounterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final List<ManagedChannel> channels = new ArrayList<>();

    // docs:begin counter-node-main
    /** A node in a JVM of its own: its stack from the launcher, then the node, until the test ends. */
    public static final class Node {
        public static void main(String[] args) throws Exception {
            try (LaunchedHost host = LaunchedHost.join();
                 CounterNode node = CounterNode.start(host.stack(), args[0], List.of(args).subList(1, args.length))) {
                System.out.println("node " + args[0] + " up, mac " + host.stack().mac());
                node.awaitTermination();
            }
        }
    }
    // docs:end counter-node-main

    /** Starts node {@code id} at {@code address} in a JVM of its own, replicating to {@code peers}. */
    private static ChildProcess launch(JvmLauncher jvms, String id, String address, String... peers) throws Exception {
        List<String> args = new ArrayList<>(List.of(id));
        args.addAll(List.of(peers));
        return jvms.launchHost(id, "counter", address + "/24", Node.class, args.toArray(String[]::new));
    }

    /** The node's MAC, once it is up. */
    private static MacAddress up(ChildProcess node) throws InterruptedException {
        return MacAddress.parse(node.expect("node \\S+ up, mac (\\S+)", TIMEOUT).group(1));
    }

    private CounterGrpc.CounterBlockingStub stub(NetStack client, String address) {
        ManagedChannel channel = VnetifGrpc.channel(client, address, CounterNode.PORT).build();
        channels.add(channel);
        return CounterGrpc.newBlockingStub(channel).withWaitForReady();
    }

    private static Value add(CounterGrpc.CounterBlockingStub node, long amount) {
        return node.withDeadlineAfter(10, TimeUnit.SECONDS).add(AddRequest.newBuilder().setAmount(amount).build());
    }

    private static long total(CounterGrpc.CounterBlockingStub node) {
        return node.withDeadlineAfter(10, TimeUnit.SECONDS).get(GetRequest.getDefaultInstance()).getTotal();
    }

    @AfterEach
    void closeChannels() {
        channels.forEach(ManagedChannel::shutdownNow);
    }

    @Test
    void theMajorityGoesOnWhileOneNodeIsCutOffAndAllAgreeOnceHealed(VirtualSwitch lan, JvmLauncher jvms,
            @Host(network = "counter", address = "198.19.0.10/24") NetStack client) throws Exception {
        // docs:begin counter-partition
        ChildProcess jvmA = launch(jvms, "a", "198.19.0.11", "198.19.0.12", "198.19.0.13");
        ChildProcess jvmB = launch(jvms, "b", "198.19.0.12", "198.19.0.11", "198.19.0.13");
        ChildProcess jvmC = launch(jvms, "c", "198.19.0.13", "198.19.0.11", "198.19.0.12");
        MacAddress a = up(jvmA);
        MacAddress b = up(jvmB);
        MacAddress c = up(jvmC);
        var nodeA = stub(client, "198.19.0.11");
        var nodeB = stub(client, "198.19.0.12");
        var nodeC = stub(client, "198.19.0.13");
        await().atMost(TIMEOUT).until(() -> add(nodeA, 0).getHolders() == 3);     // the nodes reach each other
        assertThat(add(nodeA, 5).getHolders()).isEqualTo(3);

        try (Fault split = lan.partition("counter", List.of(List.of(a, b), List.of(c)))) { // the client reaches all
            assertThat(add(nodeA, 3).getHolders()).as("the majority: a and b").isEqualTo(2);
            assertThat(add(nodeC, 1).getHolders()).as("the minority: c alone").isEqualTo(1);
            assertThat(total(nodeB)).isEqualTo(8);                                  // 5 + 3, without c's 1
            assertThat(total(nodeC)).isEqualTo(6);                                  // 5 + its own 1, without a's 3
        }                                                                           // healed here
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(List.of(total(nodeA), total(nodeB), total(nodeC)))
                .containsOnly(9L));
        // docs:end counter-partition
    }
}
