package io.vnetif.netstack.core;

import io.vnetif.netstack.iface.Ipv4Interface;
import io.vnetif.netstack.iface.Ipv6Interface;
import io.vnetif.netstack.iface.Link;
import io.vnetif.netstack.tcp.TcpConfig;
import io.vnetif.netstack.wire.EthernetHeader;
import io.vnetif.netstack.wire.IpAddress;
import io.vnetif.netstack.wire.Ipv4Address;
import io.vnetif.netstack.wire.Ipv6Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Stacks on one simulated Ethernet segment, on virtual time, in the test's thread: frames sent by one host
 * are delivered to the others after a delay, perhaps lost, duplicated, reordered or corrupted, all from one
 * seed (smoltcp's netsim, vnetif's impairments in miniature). Nothing here sleeps: time jumps to the next
 * frame or timer.
 */
public final class VirtualLan {
    /** A host: its stack and address. */
    public final class Host implements Link {
        public final Stack stack;
        public final int ip;
        /** Where the tests reach it: its IPv6 address if it has one, else its IPv4 address. */
        public final IpAddress address;
        private final long mac;
        private final int mtu;

        Host(int ip, Ipv6Interface.Config ipv6, long mac, int mtu, TcpConfig tcp) {
            this.ip = ip;
            this.address = ipv6 == null ? IpAddress.v4(ip) : IpAddress.v6(ipv6.addresses().get(0).address());
            this.mac = mac;
            this.mtu = mtu;
            this.stack = new Stack(this, new Ipv4Interface.Config(ip, 24, 0, 64, 30_000_000_000L, 64, 1 << 20, 600_000_000_000L, 1000,
                    60_000_000_000L, 1_000_000_000L, 3, 1024), ipv6, tcp, 256 * 1024, 256 * 1024, () -> now, SeededRandom.of(seed * 31 + ip));
        }

        @Override
        public long mac() {
            return mac;
        }

        @Override
        public int mtu() {
            return mtu;
        }

        @Override
        public void transmit(byte[] frame, int length) {
            sent++;
            byte[] copy = Arrays.copyOf(frame, length);
            if (tap != null) {
                tap.frame(this, copy);
            }
            if (random.nextDouble() < loss) {
                lost++;
                return;
            }
            long delay = delayNanos + (jitterNanos == 0 ? 0 : random.nextLong(jitterNanos + 1));
            if (random.nextDouble() < corrupt && copy.length > 14) {
                int at = 14 + random.nextInt(copy.length - 14);
                copy[at] ^= (byte) (1 << random.nextInt(8));
            }
            schedule(this, copy, now + delay);
            if (random.nextDouble() < duplicate) {
                schedule(this, copy.clone(), now + delay + 1);
            }
        }

        @Override
        public String toString() {
            return Ipv4Address.text(ip);
        }
    }

    /** Sees every frame a host sends, before impairments (a capture point for tests). */
    @FunctionalInterface
    public interface Tap {
        void frame(Host from, byte[] frame);
    }

    private record InFlight(long atNanos, long order, Host from, byte[] frame) {
    }

    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>((a, b) -> a.atNanos != b.atNanos
            ? Long.compare(a.atNanos, b.atNanos) : Long.compare(a.order, b.order));
    private final List<Host> hosts = new ArrayList<>();
    private final long seed;
    private final SplittableRandom random;
    private long now = 1_000_000_000L;
    private long order;
    public double loss;
    public double duplicate;
    public double corrupt;
    /** Probability that a frame is held back by {@link #reorderNanos} (others overtake it). */
    public double reorder;
    public long reorderNanos = 5_000_000;
    public long delayNanos = 100_000;
    public long jitterNanos;
    public Tap tap;
    public long sent;
    public long lost;

    public VirtualLan(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    public Host host(String ip, TcpConfig tcp) {
        return dualHost(ip, null, tcp);
    }

    /**
     * A host with IPv6 too: {@code ipv6} its address/prefix (e.g. {@code 2001:db8::5/64}), the RFCs' timers;
     * {@link #settle} runs duplicate address detection to its end.
     */
    public Host dualHost(String ip, String ipv6, TcpConfig tcp) {
        Ipv6Interface.Config v6 = null;
        if (ipv6 != null) {
            int slash = ipv6.indexOf('/');
            v6 = Ipv6Interface.Config.defaults(List.of(new Ipv6Interface.Address(Ipv6Address.parse(ipv6.substring(0, slash)),
                    Integer.parseInt(ipv6.substring(slash + 1)))), null);
        }
        Host h = new Host(Ipv4Address.parse(ip), v6, 0x02_00_00_00_00_00L | (hosts.size() + 1), 1500, tcp);
        hosts.add(h);
        return h;
    }

    /** Runs until every host's IPv6 addresses are out of duplicate address detection. */
    public void settle() {
        boolean settled = runUntil(() -> hosts.stream().allMatch(h -> h.stack.ipv6() == null || h.stack.ipv6().settled()), 10_000_000_000L);
        if (!settled) {
            throw new AssertionError("duplicate address detection did not end within 10 s");
        }
    }

    public long now() {
        return now;
    }

    /** Delivers {@code frame} as if {@code from} sent it, now, past the impairments and the tap (an injector's frames). */
    public void inject(Host from, byte[] frame) {
        inFlight.add(new InFlight(now, order++, from, frame));
    }

    private void schedule(Host from, byte[] frame, long at) {
        long when = random.nextDouble() < reorder ? at + reorderNanos : at;
        inFlight.add(new InFlight(when, order++, from, frame));
    }

    /** Runs the LAN until {@code done} holds or {@code limitNanos} of virtual time passed; returns whether it holds. */
    public boolean runUntil(BooleanSupplier done, long limitNanos) {
        long end = now + limitNanos;
        while (!done.getAsBoolean()) {
            long next = Long.MAX_VALUE;
            if (!inFlight.isEmpty()) {
                next = inFlight.peek().atNanos;
            }
            for (Host h : hosts) {
                next = Math.min(next, h.stack.nextDeadline());
            }
            if (next == Long.MAX_VALUE || next > end) {
                now = end;
                hosts.forEach(h -> h.stack.advance());
                return done.getAsBoolean();
            }
            now = Math.max(now, next);
            while (!inFlight.isEmpty() && inFlight.peek().atNanos <= now) {
                InFlight f = inFlight.poll();
                // A runt has no destination: every host gets it (and must cope); group frames are flooded, as vnetif's switch does.
                long destination = f.frame.length < EthernetHeader.LENGTH ? EthernetHeader.BROADCAST : EthernetHeader.destination(f.frame);
                for (Host h : hosts) {
                    if (h != f.from && (EthernetHeader.isGroup(destination) || destination == h.mac)) {
                        h.stack.receive(f.frame, f.frame.length);
                    }
                }
            }
            hosts.forEach(h -> h.stack.advance());
        }
        return true;
    }

    /** Runs for {@code nanos} of virtual time. */
    public void run(long nanos) {
        runUntil(() -> false, nanos);
    }
}
