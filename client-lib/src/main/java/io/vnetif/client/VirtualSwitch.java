package io.vnetif.client;

import io.vnetif.api.MacAddress;
import io.vnetif.text.ControlAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A switch that {@link Vnetif} interfaces attach to: either in this JVM ({@link #inProcess()}, no
 * server, no sockets) or a vnetif switch server ({@link #remote(String)}). Both forward the same way
 * (a learning switch per named network), so tests written against this interface run on either.
 */
public interface VirtualSwitch extends AutoCloseable {
    /** The system property that names a switch's control address ({@link #fromEnvironment()}). */
    String SWITCH_PROPERTY = "vnetif.switch";

    /** The environment variable that names a switch's control address ({@link #fromEnvironment()}, the vnetif command). */
    String SWITCH_VARIABLE = "VNETIF_SWITCH";

    /** A switch inside this JVM: the embedded default for single-process tests. */
    static VirtualSwitch inProcess() {
        return new InProcessSwitch();
    }

    /**
     * A connection to a switch server's control endpoint, e.g. {@code "127.0.0.1:7400"} ({@code host:port},
     * {@code [v6]:port}, or a host alone for port 7400), in plaintext and without a token (for a switch with
     * TLS or a token: {@link #remote(String, RemoteOptions)}). Connecting is lazy: an unreachable switch, or a
     * host that does not resolve, is reported by the first {@link #attach}.
     *
     * @throws IllegalArgumentException when the address is no {@code host[:port]} or its port is out of range
     */
    static VirtualSwitch remote(String controlAddress) {
        return remote(controlAddress, RemoteOptions.plaintext());
    }

    /**
     * A connection to a switch server's control endpoint protected by TLS and/or an access token, as
     * {@code options} says. Connecting is lazy: an unreachable switch, a failed TLS handshake or a
     * refused token is reported by the first {@link #attach}.
     *
     * @throws IllegalArgumentException when the address is no {@code host[:port]}, or when {@code options} would
     *                                  send a token without TLS to an address that is not loopback
     */
    static VirtualSwitch remote(String controlAddress, RemoteOptions options) {
        return new RemoteSwitch(controlAddress, options);
    }

    /**
     * The switch this process was pointed at: system property {@value #SWITCH_PROPERTY}, else environment
     * variable {@value #SWITCH_VARIABLE} (what {@code JvmLauncher} gives the JVMs it launches, and what the
     * vnetif command reads), else {@code 127.0.0.1:7400}; reached as {@link RemoteOptions#fromEnvironment()}
     * says (TLS and token from the same variables as the vnetif command).
     *
     * @throws IllegalArgumentException naming the property or variable whose address is no {@code host[:port]},
     *                                  or a TLS or token file that is missing or invalid
     */
    static VirtualSwitch fromEnvironment() {
        String address = configuredAddress().orElse("127.0.0.1:" + ControlAddress.DEFAULT_PORT);
        RemoteOptions options = RemoteOptions.fromEnvironment();
        try {
            return remote(address, options);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + SWITCH_PROPERTY + " / $" + SWITCH_VARIABLE + ": " + e.getMessage(), e);
        }
    }

    /**
     * The switch address this process was given, if any: system property {@value #SWITCH_PROPERTY}, else
     * environment variable {@value #SWITCH_VARIABLE} (empty values count as unset).
     */
    static Optional<String> configuredAddress() {
        return RemoteSwitch.configuredAddress(System.getProperties(), System.getenv());
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
