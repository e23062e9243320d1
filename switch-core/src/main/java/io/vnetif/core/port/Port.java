package io.vnetif.core.port;

import io.vnetif.api.MacAddress;
import io.vnetif.wire.Ethernet;

/**
 * A port of a network as the engine sees it: identity, MTU, source-MAC policy, where its frames go, and
 * its counters. Created by {@link io.vnetif.core.SwitchEngine#attach}; transports keep their own per-port state (secret,
 * endpoint, lease) beside it.
 */
public final class Port {
    private final int id;
    private final PortNetwork network;
    private final MacAddress mac;
    private final long macBits;
    private final int mtu;
    private final String label;
    private final boolean allowForeignSourceMacs;
    private final java.util.Set<MacAddress> stations;
    private final FrameSink sink;
    private final PortCounters counters = new PortCounters();
    /** Null when the switch caps no port's rate. */
    private final RateCap.Policer policer;
    /** Floods the port may still start (storm control); null when floods are not capped. */
    private final TokenBucket floods;
    private boolean attached = true;

    /**
     * Made by the engine's attach; {@code policer} is {@code null} when the switch caps no port's rate,
     * {@code floods} when it caps no port's floods.
     */
    public Port(int id, PortNetwork network, MacAddress mac, PortSpec spec, FrameSink sink, RateCap.Policer policer, TokenBucket floods) {
        this.policer = policer;
        this.floods = floods;
        this.id = id;
        this.network = network;
        this.mac = mac;
        this.macBits = mac.toLong();
        this.mtu = spec.mtu();
        this.label = spec.label();
        this.allowForeignSourceMacs = spec.allowForeignSourceMacs();
        this.stations = spec.stations();
        this.sink = sink;
    }

    public int id() {
        return id;
    }

    public PortNetwork network() {
        return network;
    }

    public MacAddress mac() {
        return mac;
    }

    /** The MAC as 48 bits of a long, the form the forwarding path compares. */
    public long macBits() {
        return macBits;
    }

    public int mtu() {
        return mtu;
    }

    /** Longest frame (header included, no FCS) this port may send or receive. */
    public int maxFrameLength() {
        return mtu + Ethernet.HEADER_LENGTH;
    }

    public String label() {
        return label;
    }

    public boolean allowsForeignSourceMacs() {
        return allowForeignSourceMacs;
    }

    /** The stations pinned behind this port (empty for most). */
    public java.util.Set<MacAddress> stations() {
        return stations;
    }

    /** The port's rate cap, or {@code null} when the switch caps no port's rate. */
    public RateCap.Policer policer() {
        return policer;
    }

    /**
     * Whether a frame of this port may be flooded now (storm control), charging it when so; always true
     * when floods are not capped.
     */
    public boolean admitFlood(long nowNanos) {
        if (floods == null) {
            return true;
        }
        if (!floods.refillAndCheck(1, nowNanos)) {
            return false;
        }
        floods.take(1);
        return true;
    }

    /** Where the frames the port receives go. */
    public FrameSink sink() {
        return sink;
    }

    public PortCounters counters() {
        return counters;
    }

    /** False once the port was detached. */
    public boolean isAttached() {
        return attached;
    }

    /** Called once by the engine's detach. */
    public void markDetached() {
        attached = false;
    }

    @Override
    public String toString() {
        return "port " + id + " (" + mac + (label.isEmpty() ? "" : ", " + label) + ") on " + network.name();
    }
}
