package io.vnetif.client;

import io.vnetif.api.MacAddress;
import io.vnetif.core.port.PortSpec;
import io.vnetif.wire.Ethernet;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How to attach a {@link Vnetif}: network, MAC, MTU, encryption and local delivery settings. Immutable;
 * build with {@link #builder()}.
 */
public final class NicOptions {
    /** Listener queue capacity used when none is given. */
    public static final int DEFAULT_LISTENER_QUEUE_CAPACITY = 4096;
    /** Close timeout used when none is given. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String network;
    private final MacAddress mac;
    private final int mtu;
    private final String label;
    private final boolean allowForeignSourceMacs;
    private final boolean encrypted;
    private final int listenerQueueCapacity;
    private final Executor listenerExecutor;
    private final Duration closeTimeout;
    private final FrameMonitor monitor;

    private NicOptions(Builder b) {
        this.monitor = b.monitor;
        this.network = b.network;
        this.mac = b.mac;
        this.mtu = b.mtu;
        this.label = b.label;
        this.allowForeignSourceMacs = b.allowForeignSourceMacs;
        this.encrypted = b.encrypted;
        this.listenerQueueCapacity = b.listenerQueueCapacity;
        this.listenerExecutor = b.listenerExecutor;
        this.closeTimeout = b.closeTimeout;
    }

    /** A builder with the defaults: network {@code default}, assigned MAC, MTU 1500. */
    public static Builder builder() {
        return new Builder();
    }

    /** Network to attach to. */
    public String network() {
        return network;
    }

    /** The requested MAC; empty to have the switch assign one. */
    public Optional<MacAddress> mac() {
        return Optional.ofNullable(mac);
    }

    /** The MTU. */
    public int mtu() {
        return mtu;
    }

    /** The label shown in the switch's listings. */
    public String label() {
        return label;
    }

    /** Whether frames may carry source MACs other than the interface's own (bridges). */
    public boolean allowForeignSourceMacs() {
        return allowForeignSourceMacs;
    }

    /** Whether the interface's datagrams are encrypted and authenticated (see {@link Builder#encrypted}). */
    public boolean encrypted() {
        return encrypted;
    }

    /** Received frames that may wait for the listener before new ones are dropped (and counted). */
    public int listenerQueueCapacity() {
        return listenerQueueCapacity;
    }

    /** Where listener callbacks run; empty: one thread of the interface's own. */
    public Optional<Executor> listenerExecutor() {
        return Optional.ofNullable(listenerExecutor);
    }

    /** How long {@link Vnetif#close()} waits for queued frames to reach the listener. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** What sees every frame sent and delivered; empty: nothing. */
    public Optional<FrameMonitor> monitor() {
        return Optional.ofNullable(monitor);
    }

    PortSpec portSpec() {
        return new PortSpec(mac, mtu, label, allowForeignSourceMacs);
    }

    /** Builds {@link NicOptions}; every setter checks its argument at once. */
    public static final class Builder {
        private String network = "default";
        private MacAddress mac;
        private int mtu = Ethernet.DEFAULT_MTU;
        private String label = "";
        private boolean allowForeignSourceMacs;
        private boolean encrypted;
        private int listenerQueueCapacity = DEFAULT_LISTENER_QUEUE_CAPACITY;
        private Executor listenerExecutor;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private FrameMonitor monitor;

        private Builder() {
        }

        /** Shows every frame the interface sends and delivers to {@code frames} (e.g. a {@link io.vnetif.client.pcapng.PcapngMonitor}). */
        public Builder monitor(FrameMonitor frames) {
            this.monitor = Objects.requireNonNull(frames, "monitor");
            return this;
        }

        /** The network's name (the switch checks it: 1 to 64 characters of [A-Za-z0-9._-]). */
        public Builder network(String name) {
            this.network = Objects.requireNonNull(name, "network");
            return this;
        }

        /** Requests this MAC (must be unicast and free on the network). */
        public Builder mac(MacAddress requested) {
            this.mac = requested;
            return this;
        }

        /** Requests this MAC, parsed from {@code 02:00:00:00:00:01}. */
        public Builder mac(String requested) {
            return mac(MacAddress.parse(requested));
        }

        /** The MTU, 68 to 9000 (default 1500). */
        public Builder mtu(int value) {
            if (value < Ethernet.MIN_MTU || value > Ethernet.MAX_MTU) {
                throw new IllegalArgumentException("MTU " + value + " out of range " + Ethernet.MIN_MTU + ".." + Ethernet.MAX_MTU);
            }
            this.mtu = value;
            return this;
        }

        /** A label for listings (at most 128 characters). */
        public Builder label(String value) {
            this.label = Objects.requireNonNull(value, "label");
            return this;
        }

        /** Allows source MACs other than the interface's own, as a bridge needs. */
        public Builder allowForeignSourceMacs(boolean allow) {
            this.allowForeignSourceMacs = allow;
            return this;
        }

        /**
         * Encrypts and authenticates the interface's datagrams between it and a switch server (default:
         * off). The switch hands out a key of the port's own at attach; every frame then travels sealed
         * (AES-256-GCM, as the switch names it) in both directions, and tampered, forged or replayed
         * datagrams are dropped (counted in {@link NicStats#rxRefused()} here and in the switch's
         * statistics). Other interfaces on the network may be plain or encrypted: the switch opens and
         * re-seals in between, so it sees the frames in the clear, and so does whoever can read the
         * control channel the key travels on (use TLS there when it crosses an untrusted network).
         * Costs some CPU per frame on both ends; see docs/performance.md#encryption.
         *
         * <p>A switch that does not support encryption makes the attach fail rather than send in the
         * clear. {@link VirtualSwitch#inProcess() In-process switches} have no wire to protect and ignore
         * this setting.
         */
        public Builder encrypted(boolean encrypt) {
            this.encrypted = encrypt;
            return this;
        }

        /** Capacity of the queue between receive and listener (default 4096 frames). */
        public Builder listenerQueueCapacity(int frames) {
            if (frames < 1) {
                throw new IllegalArgumentException("listener queue capacity must be at least 1, got " + frames);
            }
            this.listenerQueueCapacity = frames;
            return this;
        }

        /**
         * Runs listener callbacks on this executor instead of a thread of the interface's own; they
         * still run one at a time, in arrival order.
         */
        public Builder listenerExecutor(Executor executor) {
            this.listenerExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** How long {@link Vnetif#close()} waits for queued frames to be delivered (default 5 s). */
        public Builder closeTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("close timeout must not be negative: " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        public NicOptions build() {
            return new NicOptions(this);
        }
    }
}
