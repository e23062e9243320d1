package io.vnetif.core;

import static io.vnetif.core.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.MacAddress;
import io.vnetif.core.impair.Delay;
import io.vnetif.core.impair.ImpairmentSpec;
import io.vnetif.core.impair.Scope;
import io.vnetif.core.port.FrameLedger;
import io.vnetif.core.port.Port;
import io.vnetif.core.port.PortSpec;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Frames held by impairments are bounded by the memory they take, not by their bytes: a delay on a
 * network of 1000 ports and 6000 broadcasts of 14 bytes once held 4.8 million copies, "64 MiB" of frame
 * bytes and 804 MiB of memory, and two such networks killed the switch with OutOfMemoryError.
 */
class HeldMemoryTest {
    private static final long MIB = 1 << 20;

    private final ManualScheduler time = new ManualScheduler();
    /** Storm control off: these floods test the held budget, not the cap on floods. */
    private final SwitchEngine engine = new SwitchEngine(SwitchLimits.DEFAULTS.withPortFloodsPerSecond(0), time::now,
            new SplittableRandom(5), time);

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void aFloodHeldForAThousandPortsTakesNoMoreMemoryThanTheNetworksBudget() {
        List<Port> ports = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ports.add(engine.attach("crowd", new PortSpec(null, 1500, "p" + i, false), frame -> null));
        }
        engine.addImpairment("crowd", ImpairmentSpec.builder(Scope.network()).delay(new Delay(60_000_000_000L, 0, null, 0)).seed(1).build());
        Port sender = ports.get(0);
        ByteBuf broadcast = frame(MacAddress.BROADCAST, sender.mac(), 0); // 14 bytes: the most copies per byte
        long before = heapAfterGc();

        for (int i = 0; i < 6000; i++) {
            engine.ingress(sender, broadcast);
        }

        long grown = heapAfterGc() - before;
        FrameLedger.Snapshot books = engine.ledger().snapshot();
        long budget = SwitchLimits.DEFAULTS.impairments().heldBytesPerNetwork();
        System.out.printf("held %d frames (%d MiB charged) in %d MiB of heap; %d dropped as QUEUE_FULL%n", books.held(),
                engine.heldBytes() / MIB, grown / MIB, books.dropped().getOrDefault(io.vnetif.api.DropReason.QUEUE_FULL, 0L));
        assertThat(grown).as("heap taken by held frames, against the network's budget of %d MiB", budget / MIB)
                .isLessThan(budget + budget / 4);
        assertThat(books.held()).as("frames held").isGreaterThan(budget / 256);
        assertThat(books.unaccounted()).isZero();

        time.drain();
        assertThat(engine.ledger().snapshot().held()).isZero();
        assertThat(engine.heldBytes()).as("every held byte given back").isZero();
        assertThat(engine.ledger().snapshot().unaccounted()).isZero();
    }

    @Test
    void networksTogetherStayWithinTheSwitchWideBudget() {
        SwitchLimits limits = SwitchLimits.DEFAULTS.withPortFloodsPerSecond(0)
                .withImpairments(SwitchLimits.DEFAULTS.impairments().withHeldBytes(4 * MIB, 6 * MIB));
        SwitchEngine small = new SwitchEngine(limits, time::now, new SplittableRandom(6), time);
        for (String network : List.of("one", "two", "three")) {
            Port a = small.attach(network, new PortSpec(null, 1500, "a", false), frame -> null);
            small.attach(network, new PortSpec(null, 1500, "b", false), frame -> null);
            small.addImpairment(network, ImpairmentSpec.builder(Scope.network()).delay(new Delay(1_000_000_000L, 0, null, 0)).seed(1).build());
            for (int i = 0; i < 10_000; i++) {
                small.ingress(a, frame(MacAddress.BROADCAST, a.mac(), 500));
            }
            assertThat(small.network(network).heldBytes()).as(network).isLessThanOrEqualTo(4 * MIB);
        }
        assertThat(small.heldBytes()).isLessThanOrEqualTo(6 * MIB).isGreaterThan(5 * MIB);
        assertThat(small.network("three").heldBytes()).as("what the first two left of the switch's budget").isLessThan(4 * MIB);
        time.drain();
        assertThat(small.heldBytes()).isZero();
        assertThat(small.ledger().snapshot().unaccounted()).isZero();
    }
}
