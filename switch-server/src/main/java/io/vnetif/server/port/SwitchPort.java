package io.vnetif.server.port;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import io.vnetif.core.port.FrameSink;
import io.vnetif.core.port.Port;
import io.vnetif.server.io.DataOutputs;
import io.vnetif.server.io.DataSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A port of the switch as the server keeps it: the engine port, the secret that authenticates control
 * calls (and, for native ports, datagrams), and how frames leave in this port kind's encapsulation. What
 * differs between kinds (leases, how datagrams find the port, encryption) is asked of the port, never
 * found by testing its class. Confined to the data-plane loop.
 */
public abstract class SwitchPort implements FrameSink, DataOutputs.DatagramWriter {
    /** Port kinds, as listings show them. */
    public enum Kind { NATIVE, VXLAN, RAW_UDP }

    private final long secret;
    protected final DataOutputs outputs;
    private Port port;
    /** Whose limits the port counts against (a scoped token, or an address), set when attached. */
    private String client;
    /** The recipient address whose largest segment {@link #segmentLimit} is. */
    private InetAddress segmentLimitOf;
    private int segmentLimit;

    SwitchPort(long secret, DataOutputs outputs) {
        this.secret = secret;
        this.outputs = outputs;
    }

    public abstract Kind kind();

    /** Where this port's frames go, for listings; empty when not known yet. */
    public abstract String endpointText();

    /**
     * The endpoint the switch was told to send this port's frames to (a VXLAN peer, a raw-UDP remote, a
     * native port's client_data_endpoint), or {@code null} when the port's client proves its endpoint
     * itself (a native port bound by its first HELLO).
     */
    public abstract InetSocketAddress declaredPeer();

    /** The address of a socket the port has to itself (a raw-UDP port's), or {@code null} when it shares the switch's. */
    public InetSocketAddress ownSocket() {
        return null;
    }

    /** Whether the port's datagrams are sealed with a data key. */
    public boolean encrypted() {
        return false;
    }

    /** Whether the port lives only as long as its lease is renewed. */
    boolean leased() {
        return false;
    }

    /** Extends the lease to {@code expiresNanos}; a port without a lease has nothing to extend. */
    void renewUntil(long expiresNanos) {
    }

    /** Nanoseconds left on the lease at {@code nowNanos} (may be negative: expired); 0 for a port without a lease. */
    long leaseRemainingNanos(long nowNanos) {
        return 0;
    }

    /**
     * Why the port cannot exist beside the ones in {@code index} (a VXLAN peer and VNI taken), or
     * {@code null}; asked before the engine attaches it.
     */
    String conflictIn(PortIndex index) {
        return null;
    }

    /** Makes the attached port findable by the datagrams of its kind (by id, or by VXLAN peer and VNI). */
    abstract void index(PortIndex index);

    /** Undoes {@link #index}. */
    abstract void unindex(PortIndex index);

    /** Frees what the port holds beyond the engine (sockets); called once, when it is detached. */
    void release() {
    }

    void bind(Port enginePort, String owner) {
        this.port = enginePort;
        this.client = owner;
    }

    /** The client whose limits the port counts against. */
    public String client() {
        return client;
    }

    /** The engine's port. */
    public Port port() {
        return port;
    }

    /** The secret that authenticates control calls for the port (and, unsealed, its datagrams). */
    public long secret() {
        return secret;
    }

    /**
     * Queues this port's datagram of {@code length} bytes carrying {@code frame} to {@code to}, written by
     * {@link #writeDatagram}, or counts why not.
     */
    protected DropReason send(DataSocket socket, InetSocketAddress to, int length, ByteBuf frame) {
        if (to.getAddress() != segmentLimitOf) { // a port's recipient changes rarely, if ever
            segmentLimitOf = to.getAddress();
            segmentLimit = DataOutputs.maxSegment(segmentLimitOf);
        }
        return outputs.send(socket, to, segmentLimit, length, this, frame);
    }
}
