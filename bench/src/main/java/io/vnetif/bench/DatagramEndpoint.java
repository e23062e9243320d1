package io.vnetif.bench;

import io.vnetif.wire.DatagramHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.function.LongConsumer;

/**
 * One end as a plain blocking UDP socket on loopback with a reader thread of its own: it sends a fixed
 * datagram (a template with the tag written in at {@link #TAG_OFFSET}) to one peer address. Used for
 * direct UDP between two such ends, and for speaking the switch's wire format without the client library.
 */
final class DatagramEndpoint implements Endpoint {
    /** Where the tag sits: after the native header and the Ethernet header, as in every path. */
    static final int TAG_OFFSET = DatagramHeader.LENGTH + 14;
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;

    private final DatagramChannel socket;
    private final ByteBuffer out;
    private volatile LongConsumer receiver = tag -> { };
    private long failures;

    /** A bound socket whose datagrams are {@code template} (copied; its tag bytes are overwritten). */
    DatagramEndpoint(ByteBuffer template) throws IOException {
        socket = DatagramChannel.open();
        socket.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
        socket.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        out = ByteBuffer.allocateDirect(template.remaining());
        out.put(template.duplicate()).flip();
    }

    SocketAddress localAddress() throws IOException {
        return socket.getLocalAddress();
    }

    /** Connects to {@code peer}, then starts reading (connecting waits for a blocked receive, so not the other way round). */
    void connect(SocketAddress peer) throws IOException {
        socket.connect(peer);
        startReader();
    }

    private void startReader() {
        Thread reader = new Thread(this::receiveLoop, "udp-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects to a switch's data endpoint and binds the port to this socket with {@code hello}, waiting
     * for the switch's answer before the reader starts.
     */
    void bindTo(SocketAddress switchData, ByteBuffer hello) throws IOException {
        socket.connect(switchData);
        socket.write(hello);
        socket.receive(ByteBuffer.allocate(DatagramHeader.MAX_DATAGRAM_LENGTH));
        startReader();
    }

    private void receiveLoop() {
        ByteBuffer in = ByteBuffer.allocateDirect(DatagramHeader.MAX_DATAGRAM_LENGTH);
        try {
            while (true) {
                in.clear();
                socket.receive(in);
                receiver.accept(in.getLong(TAG_OFFSET));
            }
        } catch (IOException e) {
            // closed: the run is over
        }
    }

    @Override
    public void send(long tag) {
        out.clear();
        out.putLong(TAG_OFFSET, tag);
        try {
            if (socket.write(out) == 0) {
                failures++;
            }
        } catch (IOException e) {
            failures++;
        }
    }

    @Override
    public void onReceive(LongConsumer tags) {
        receiver = tags;
    }

    @Override
    public long sendFailures() {
        return failures;
    }

    void close() throws IOException {
        socket.close();
    }
}
