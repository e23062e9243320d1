package io.vnetif.core;

/**
 * A port of a network as the engine sees it: identity, MTU, source-MAC policy, where its frames go, and
 * its counters. Created by {@link SwitchEngine#attach}; transports keep their own per-port state (secret,
 * endpoint, lease) beside it.
 */
public final class Port {
    private final int id;
    private final Network network;
    private final MacAddress mac;
    private final long macBits;
    private final int mtu;
    private final String label;
    private final boolean allowForeignSourceMacs;
    private final FrameSink sink;
    private final PortCounters counters = new PortCounters();
    /** Null when the switch caps no port's rate. */
    private final RateCap.Policer policer;
    private boolean attached = true;

    Port(int id, Network network, MacAddress mac, PortSpec spec, FrameSink sink, RateCap.Policer policer) {
        this.policer = policer;
        this.id = id;
        this.network = network;
        this.mac = mac;
        this.macBits = mac.toLong();
        this.mtu = spec.mtu();
        this.label = spec.label();
        this.allowForeignSourceMacs = spec.allowForeignSourceMacs();
        this.sink = sink;
    }

    public int id() {
        return id;
    }

    public Network network() {
        return network;
    }

    public MacAddress mac() {
        return mac;
    }

    long macBits() {
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

    RateCap.Policer policer() {
        return policer;
    }

    FrameSink sink() {
        return sink;
    }

    public PortCounters counters() {
        return counters;
    }

    /** False once the port was detached. */
    public boolean isAttached() {
        return attached;
    }

    void markDetached() {
        attached = false;
    }

    @Override
    public String toString() {
        return "port " + id + " (" + mac + (label.isEmpty() ? "" : ", " + label) + ") on " + network.name();
    }
}
