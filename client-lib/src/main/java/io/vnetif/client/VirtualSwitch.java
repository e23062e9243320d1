package io.vnetif.client;

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
     * A connection to a switch server's control endpoint, e.g. {@code "127.0.0.1:7400"}. Connecting is
     * lazy: an unreachable switch is reported by the first {@link #attach}.
     */
    static VirtualSwitch remote(String controlAddress) {
        return new RemoteSwitch(controlAddress);
    }

    /**
     * Attaches a new interface.
     *
     * @throws AttachRefusedException      when the switch refuses (bad argument, MAC taken, limit)
     * @throws SwitchUnreachableException  when a remote switch does not answer
     */
    Vnetif attach(NicOptions options);

    /** Attaches an interface with default options to {@code network}. */
    default Vnetif attach(String network) {
        return attach(NicOptions.builder().network(network).build());
    }

    /** Closes every interface attached through this switch, then the switch (or the connection). */
    @Override
    void close();
}
