package io.vnetif.server.port;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.vnetif.api.Refusal;
import io.vnetif.core.ControlException;
import io.vnetif.server.io.BatchReader;
import io.vnetif.server.io.DataOutputs;
import io.vnetif.server.io.DataPlaneCounters;
import io.vnetif.server.io.DataPlaneGuard;
import io.vnetif.server.io.DataSocket;
import io.vnetif.server.io.DataTransport;
import io.vnetif.server.io.DirectReceiver;
import io.vnetif.server.io.FileDescriptors;
import io.vnetif.text.HostPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * The switch's UDP sockets, all on the one loop that owns the engine, each with the handler of the
 * port kind it serves: the native data socket, the VXLAN socket (when enabled) and one socket per
 * raw-UDP port, opened on demand.
 */
public final class DataSockets {
    private final DataTransport transport;
    private final EventLoopGroup loop;
    /** Reads every socket when the switch receives directly, else {@code null} (Netty reads). */
    private final BatchReader reader;
    private final DataPlaneCounters stats;
    private final PortRegistry ports;
    private final DataOutputs outputs;
    private final DataPlaneGuard guard;
    private final DataSocket nativeSocket;
    private final DataSocket vxlanSocket;
    private final FileDescriptors descriptors = FileDescriptors.ofThisProcess();

    private DataSockets(DataTransport transport, EventLoopGroup loop, BatchReader reader, PortRegistry ports, DataOutputs outputs,
                        DataPlaneGuard guard, DataSocket nativeSocket, DataSocket vxlanSocket) {
        this.guard = guard;
        this.transport = transport;
        this.loop = loop;
        this.reader = reader;
        this.stats = DataPlaneCounters.of(loop, reader, outputs.segmentation());
        this.ports = ports;
        this.outputs = outputs;
        this.nativeSocket = nativeSocket;
        this.vxlanSocket = vxlanSocket;
    }

    /**
     * Binds the native socket and, when {@code vxlan} is not null, the VXLAN socket.
     *
     * @param directReceive whether the switch reads the sockets itself ({@link DirectReceiver}; the transport must allow it)
     *                      rather than through Netty
     * @param guard         where an error the data plane cannot go on after goes
     * @throws IOException naming the address that could not be bound
     */
    public static DataSockets bind(DataTransport transport, EventLoopGroup loop, boolean directReceive, PortRegistry ports,
                                   DataOutputs outputs, DataPlaneGuard guard, InetSocketAddress data, InetSocketAddress vxlan)
            throws IOException {
        loop.terminationFuture().addListener(f -> outputs.close()); // nothing sends any more
        BatchReader reader = null;
        if (directReceive) {
            BatchReader created = new BatchReader(DataTransport.BATCH, DataTransport.DATAGRAM_BUFFER);
            loop.terminationFuture().addListener(f -> created.close()); // nothing reads any more
            reader = created;
        }
        DataSocket nativeSocket = bind(transport, loop, reader, outputs, guard, new NativeHandler(ports, outputs, guard), data, "data",
                "is another switch running? stop it, or give this one another --data");
        DataSocket vxlanSocket = null;
        if (vxlan != null) {
            try {
                vxlanSocket = bind(transport, loop, reader, outputs, guard, new VxlanHandler(ports, outputs, guard), vxlan, "VXLAN",
                        "give another --vxlan HOST:PORT");
            } catch (IOException e) {
                nativeSocket.channel().close();
                throw e;
            }
        }
        return new DataSockets(transport, loop, reader, ports, outputs, guard, nativeSocket, vxlanSocket);
    }

    private static DataSocket bind(DataTransport transport, EventLoopGroup loop, BatchReader reader, DataOutputs outputs,
                                   DataPlaneGuard guard, DatagramHandler handler, InetSocketAddress at, String what, String remedy)
            throws IOException {
        Channel channel;
        try {
            channel = transport.bootstrap(loop, reader != null).handler(handler).bind(at).sync().channel();
        } catch (Exception e) {
            throw new IOException("cannot bind the " + what + " port " + HostPort.format(at) + ": " + e.getMessage() + " (" + remedy + ")", e);
        }
        if (reader != null) {
            try {
                DirectReceiver.start((EpollDatagramChannel) channel, reader, handler, outputs, guard);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }
        return new DataSocket(channel, handler, at.getAddress());
    }

    /** What the data plane did since it started. */
    public DataPlaneCounters stats() {
        return stats;
    }

    public DataOutputs outputs() {
        return outputs;
    }

    /** The native data socket, which every native port shares. */
    public DataSocket nativeSocket() {
        return nativeSocket;
    }

    /** The VXLAN socket, or {@code null} when the switch does not listen for VXLAN. */
    public DataSocket vxlanSocket() {
        return vxlanSocket;
    }

    /**
     * Opens the socket of a new raw-UDP port on {@code host} ({@code null}: the native socket's address;
     * {@code port} 0: any). Must not be called on the loop (binding waits for it).
     *
     * @throws ControlException RESOURCE_EXHAUSTED when the socket would take a descriptor of the reserve
     */
    public RawUdpSocket bindRaw(InetAddress host, int port) throws IOException {
        String noRoom = descriptors.shortOf(ports.limits().reservedDescriptors(), "a raw-UDP port's socket");
        if (noRoom != null) {
            throw new ControlException(Refusal.RESOURCE_EXHAUSTED, noRoom);
        }
        InetAddress at = host != null ? host : nativeSocket.localAddress().getAddress();
        RawUdpHandler handler = new RawUdpHandler(ports, outputs, guard);
        return new RawUdpSocket(bind(transport, loop, reader, outputs, guard, handler, new InetSocketAddress(at, port), "raw UDP",
                "ask for another local port, or for none to get any free one"), handler);
    }

    /**
     * Which of the switch's own sockets datagrams to {@code peer} would reach (the native or VXLAN socket, a
     * raw-UDP port's), described for a refusal, or {@code null}: a port whose frames go to the switch itself
     * makes every broadcast come back as a new one, a storm that never ends. On the loop.
     *
     * @param peerIsLocal whether {@code peer}'s address is one of this host's ({@link #isLocal}, asked off the loop)
     */
    public String ownSocketAt(InetSocketAddress peer, boolean peerIsLocal) {
        if (reaches(nativeSocket.localAddress(), peer, peerIsLocal)) {
            return "the switch's own data socket";
        }
        if (vxlanSocket != null && reaches(vxlanSocket.localAddress(), peer, peerIsLocal)) {
            return "the switch's own VXLAN socket";
        }
        for (SwitchPort p : ports.all()) {
            if (p.ownSocket() != null && reaches(p.ownSocket(), peer, peerIsLocal)) {
                return "the socket of the switch's raw-UDP port " + p.port();
            }
        }
        return null;
    }

    /** Whether datagrams to {@code peer} arrive at a socket bound to {@code socket}. */
    public static boolean reaches(InetSocketAddress socket, InetSocketAddress peer, boolean peerIsLocal) {
        if (socket.getPort() != peer.getPort()) {
            return false;
        }
        return socket.getAddress().isAnyLocalAddress() ? peerIsLocal : socket.getAddress().equals(peer.getAddress());
    }

    /** Whether {@code address} is one of this host's (loopback, or an interface's). May enumerate interfaces: not on the loop. */
    public static boolean isLocal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false; // no interface list: the peer is taken for another host, as it most likely is
        }
    }

    public void close() {
        nativeSocket.channel().close().syncUninterruptibly();
        if (vxlanSocket != null) {
            vxlanSocket.channel().close().syncUninterruptibly();
        }
    }
}
