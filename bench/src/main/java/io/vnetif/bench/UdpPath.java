package io.vnetif.bench;

import io.vnetif.wire.DatagramHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.function.LongConsumer;

/**
 * The baseline: two plain UDP sockets on loopback in this JVM, datagrams as large as the switch's
 * (native header + frame), socket buffers as large as the client library asks for, each received
 * datagram handled on its socket's reader thread.
 */
final class UdpPath implements BenchPath {
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    private static final int TAG_OFFSET = DatagramHeader.LENGTH + 14;

    @Override
    public String name() {
        return "direct UDP";
    }

    @Override
    public EndpointPair open(int frameBytes) throws IOException {
        int datagramBytes = DatagramHeader.LENGTH + frameBytes;
        SocketEndpoint a = new SocketEndpoint(datagramBytes);
        SocketEndpoint b = new SocketEndpoint(datagramBytes);
        a.connect(b);
        b.connect(a);
        return new EndpointPair(a, b, () -> {
            a.close();
            b.close();
        });
    }

    private static final class SocketEndpoint implements Endpoint {
        private final DatagramChannel socket;
        private final ByteBuffer out;
        private volatile LongConsumer receiver = tag -> { };
        private long failures;

        SocketEndpoint(int datagramBytes) throws IOException {
            socket = DatagramChannel.open();
            socket.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            socket.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            out = ByteBuffer.allocateDirect(datagramBytes);
        }

        /** Connects, then starts reading (connecting waits for a blocked receive, so not the other way round). */
        void connect(SocketEndpoint peer) throws IOException {
            socket.connect(peer.socket.getLocalAddress());
            Thread reader = new Thread(this::receiveLoop, "udp-reader");
            reader.setDaemon(true);
            reader.start();
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
}
