package io.vnetif.server;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The switch's UDP sockets, all on the one loop that owns the engine: the native data socket, the
 * VXLAN socket (when enabled) and one socket per raw-UDP port, opened on demand.
 */
final class DataSockets {
    private final DataTransport transport;
    private final EventLoopGroup loop;
    /** Reads every socket when the switch receives directly, else {@code null} (Netty reads). */
    private final BatchReader reader;
    private final DataPlaneCounters stats;
    private final PortRegistry ports;
    private final DataOutputs outputs;
    private final Channel nativeChannel;
    private final Channel vxlanChannel;

    private DataSockets(DataTransport transport, EventLoopGroup loop, BatchReader reader, PortRegistry ports, DataOutputs outputs,
                        Channel nativeChannel, Channel vxlanChannel) {
        this.transport = transport;
        this.loop = loop;
        this.reader = reader;
        this.stats = DataPlaneCounters.of(loop, reader, outputs.segmentation());
        this.ports = ports;
        this.outputs = outputs;
        this.nativeChannel = nativeChannel;
        this.vxlanChannel = vxlanChannel;
    }

    /**
     * Binds the native socket and, when {@code vxlan} is not null, the VXLAN socket.
     *
     * @param directReceive whether the switch reads the sockets itself ({@link DirectReceiver}; the transport must allow it)
     *                      rather than through Netty
     * @throws IOException naming the address that could not be bound
     */
    static DataSockets bind(DataTransport transport, EventLoopGroup loop, boolean directReceive, PortRegistry ports, DataOutputs outputs,
                            InetSocketAddress data, InetSocketAddress vxlan) throws IOException {
        loop.terminationFuture().addListener(f -> outputs.close()); // nothing sends any more
        BatchReader reader = null;
        if (directReceive) {
            BatchReader created = new BatchReader(DataTransport.BATCH, DataTransport.DATAGRAM_BUFFER);
            loop.terminationFuture().addListener(f -> created.close()); // nothing reads any more
            reader = created;
        }
        Channel nativeChannel = bind(transport, loop, reader, new DataPlaneHandler(ports, outputs), data, "data");
        Channel vxlanChannel = null;
        if (vxlan != null) {
            try {
                vxlanChannel = bind(transport, loop, reader, new VxlanHandler(ports, outputs), vxlan, "VXLAN");
            } catch (IOException e) {
                nativeChannel.close();
                throw e;
            }
        }
        return new DataSockets(transport, loop, reader, ports, outputs, nativeChannel, vxlanChannel);
    }

    private static Channel bind(DataTransport transport, EventLoopGroup loop, BatchReader reader, DataHandler handler,
                                InetSocketAddress at, String what) throws IOException {
        Channel channel;
        try {
            channel = transport.bootstrap(loop, reader != null).handler(handler).bind(at).sync().channel();
        } catch (Exception e) {
            throw new IOException("cannot bind the " + what + " port " + HostPort.format(at) + ": " + e.getMessage(), e);
        }
        if (reader != null) {
            try {
                DirectReceiver.start((EpollDatagramChannel) channel, reader, handler);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }
        return channel;
    }

    /** What the data plane did since it started. */
    DataPlaneCounters stats() {
        return stats;
    }

    DataOutputs outputs() {
        return outputs;
    }

    Channel nativeChannel() {
        return nativeChannel;
    }

    /** The VXLAN socket, or {@code null} when the switch does not listen for VXLAN. */
    Channel vxlanChannel() {
        return vxlanChannel;
    }

    /**
     * Opens the socket of a new raw-UDP port on {@code host} ({@code null}: the native socket's address;
     * {@code port} 0: any). Must not be called on the loop (binding waits for it).
     */
    Channel bindRaw(RawUdpHandler handler, java.net.InetAddress host, int port) throws IOException {
        java.net.InetAddress at = host != null ? host : ((InetSocketAddress) nativeChannel.localAddress()).getAddress();
        return bind(transport, loop, reader, handler, new InetSocketAddress(at, port), "raw UDP");
    }

    RawUdpHandler newRawHandler() {
        return new RawUdpHandler(ports, outputs);
    }

    void close() {
        nativeChannel.close().syncUninterruptibly();
        if (vxlanChannel != null) {
            vxlanChannel.close().syncUninterruptibly();
        }
    }
}
