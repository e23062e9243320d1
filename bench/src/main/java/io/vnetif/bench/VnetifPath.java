package io.vnetif.bench;

import io.vnetif.client.NicOptions;
import io.vnetif.client.Vnetif;
import io.vnetif.client.VirtualSwitch;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Two client-lib interfaces on a network of their own on one switch. Listeners run on the interface's
 * receive thread (a direct executor), as the plain UDP baseline handles datagrams on its reader thread:
 * both sides pay the same thread hops.
 */
final class VnetifPath implements BenchPath {
    /** Where the tag sits: right after the Ethernet header. */
    private static final int TAG_OFFSET = 14;
    private static final int ETHERTYPE_EXPERIMENTAL = 0x88B5;

    private final VirtualSwitch lan;
    private final boolean encrypted;
    private final SwitchProbe probe;
    private final String suffix;
    private final AtomicInteger networks = new AtomicInteger();

    /**
     * {@code encrypted}: interfaces attached with {@link NicOptions.Builder#encrypted}, every datagram sealed;
     * {@code probe} reads {@code lan}'s switch; {@code suffix} tells switches apart in tables.
     */
    VnetifPath(VirtualSwitch lan, boolean encrypted, SwitchProbe probe, String suffix) {
        this.lan = lan;
        this.encrypted = encrypted;
        this.probe = probe;
        this.suffix = suffix;
    }

    @Override
    public String name() {
        return (encrypted ? "vnetif+aead" : "vnetif") + suffix;
    }

    @Override
    public SwitchProbe switchProbe() {
        return probe;
    }

    @Override
    public EndpointPair open(int frameBytes) {
        String network = "bench-" + networks.incrementAndGet();
        Vnetif a = attach(network);
        Vnetif b = attach(network);
        NicEndpoint ea = new NicEndpoint(a, b, frameBytes);
        NicEndpoint eb = new NicEndpoint(b, a, frameBytes);
        // Each end announces itself so the switch has learned both before measuring: no floods.
        ea.send(-1);
        eb.send(-1);
        return new EndpointPair(ea, eb, () -> {
            a.close();
            b.close();
        });
    }

    private Vnetif attach(String network) {
        return lan.attach(NicOptions.builder().network(network).listenerQueueCapacity(1 << 16).listenerExecutor(Runnable::run)
                .encrypted(encrypted).build());
    }

    private static final class NicEndpoint implements Endpoint {
        private final Vnetif nic;
        private final ByteBuffer frame;
        private volatile LongConsumer receiver = tag -> { };

        NicEndpoint(Vnetif nic, Vnetif peer, int frameBytes) {
            this.nic = nic;
            this.frame = ByteBuffer.allocate(frameBytes);
            frame.put(peer.mac().toBytes()).put(nic.mac().toBytes()).putShort((short) ETHERTYPE_EXPERIMENTAL).position(0);
            nic.listen(f -> receiver.accept(f.getLong(f.position() + TAG_OFFSET)));
        }

        @Override
        public void send(long tag) {
            frame.putLong(TAG_OFFSET, tag);
            nic.write(frame);
        }

        @Override
        public void onReceive(LongConsumer tags) {
            receiver = tags;
        }

        @Override
        public long sendFailures() {
            return nic.stats().txDropped();
        }
    }
}
