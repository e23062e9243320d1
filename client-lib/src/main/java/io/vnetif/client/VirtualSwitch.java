package io.vnetif.client;

import io.vnetif.api.MacAddress;
import java.util.Collection;
import java.util.List;

/**
 * A switch that {@link Vnetif} interfaces attach to: either in this JVM ({@link #inProcess()}, no
 * server, no sockets) or a vnetif switch server ({@link #remote(String)}). Both forward the same way
 * (a learning switch per named network), so tests written against this interface run on either.
 */
public interface VirtualSwitch extends AutoCloseable {
    /** A switch inside this JVM: the embedded default for single-process tests. */
    static VirtualSwitch inProcess() {
        return new InProcessSwitch();
    }

    /**
     * A connection to a switch server's control endpoint, e.g. {@code "127.0.0.1:7400"}, in plaintext and
     * without a token (for a switch with TLS or a token: {@link #remote(String, RemoteOptions)}).
     * Connecting is lazy: an unreachable switch is reported by the first {@link #attach}.
     */
    static VirtualSwitch remote(String controlAddress) {
        return remote(controlAddress, RemoteOptions.plaintext());
    }

    /**
     * A connection to a switch server's control endpoint protected by TLS and/or an access token, as
     * {@code options} says. Connecting is lazy: an unreachable switch, a failed TLS handshake or a
     * refused token is reported by the first {@link #attach}.
     *
     * @throws IllegalArgumentException when {@code options} would send a token without TLS to an address
     *                                  that is not loopback
     */
    static VirtualSwitch remote(String controlAddress, RemoteOptions options) {
        return new RemoteSwitch(controlAddress, options);
    }

    /**
     * Attaches a new interface.
     *
     * @throws AttachRefusedException      when the switch refuses (bad argument, MAC taken, limit, no or wrong token)
     * @throws SwitchUnreachableException  when a remote switch does not answer
     */
    Vnetif attach(NicOptions options);

    /** Attaches an interface with default options to {@code network}. */
    default Vnetif attach(String network) {
        return attach(NicOptions.builder().network(network).build());
    }

    /**
     * Starts an impairment rule on {@code network} (created if needed, so rules can precede the
     * interfaces); finish it with {@link ImpairmentBuilder#apply()}.
     */
    ImpairmentBuilder impair(String network);

    /**
     * Splits {@code network} into groups of stations (by MAC) that cannot reach each other, at once and
     * without re-attaching anyone; stations in no group reach everyone. Replaces an earlier partition of
     * the network. Closing the returned fault removes the partition (cuts stay).
     *
     * @throws IllegalArgumentException with fewer than two groups, or a MAC in two groups
     */
    Fault partition(String network, List<? extends Collection<MacAddress>> groups);

    /**
     * Cuts the link from {@code from} to {@code to}, one way. Closing the returned fault restores it.
     */
    Fault cut(String network, MacAddress from, MacAddress to);

    /** Removes every partition and cut of {@code network}; rules stay. */
    void heal(String network);

    /** Removes every impairment rule of {@code network} (partitions and cuts stay); returns how many. */
    int clearImpairments(String network);

    /** Closes every interface attached through this switch, then the switch (or the connection). */
    @Override
    void close();
}
