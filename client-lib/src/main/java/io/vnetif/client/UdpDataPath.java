package io.vnetif.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vnetif.wire.DatagramHeader;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP socket of one remote interface: sends native datagrams from the caller's thread, receives on
 * a thread of its own. The socket is non-blocking on purpose: a blocking NIO channel is closed for good
 * when a thread that uses it is interrupted, and a send must never block the caller either (a full
 * socket buffer is a counted drop, as on a NIC).
 */
final class UdpDataPath implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpDataPath.class);
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    /** Larger than any legal datagram, so an oversized one is seen whole enough to be rejected. */
    private static final int RECEIVE_BUFFER_BYTES = 2 * DatagramHeader.MAX_DATAGRAM_LENGTH;

    /** Gets every datagram received, in a buffer valid during the call only. */
    interface Receiver {
        void onDatagram(ByteBuf datagram, SocketAddress from);
    }

    private final DatagramChannel udp;
    private final Selector selector;
    private final Thread receiver;
    private final ByteBuffer txBuffer = ByteBuffer.allocateDirect(DatagramHeader.MAX_DATAGRAM_LENGTH);
    private final ByteBuf txView = Unpooled.wrappedBuffer(txBuffer);
    /** The frame being sent, copied, so the codec gets a ByteBuf without one being made per frame. */
    private final ByteBuf txFrame = Unpooled.wrappedBuffer(ByteBuffer.allocate(DatagramHeader.MAX_DATAGRAM_LENGTH));
    private final ByteBuffer rxBuffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER_BYTES);
    private final ByteBuf rxView = Unpooled.wrappedBuffer(rxBuffer);

    private UdpDataPath(DatagramChannel udp, Selector selector, String name, Receiver sink) {
        this.udp = udp;
        this.selector = selector;
        this.receiver = new Thread(() -> receiveLoop(sink), name);
        this.receiver.setDaemon(true);
    }

    /** Opens an ephemeral socket and starts receiving. */
    static UdpDataPath open(String name, Receiver sink) throws IOException {
        DatagramChannel udp = DatagramChannel.open();
        Selector selector = null;
        try {
            udp.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            udp.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            udp.bind(null);
            udp.configureBlocking(false);
            selector = Selector.open();
            udp.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            udp.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        int granted = udp.getOption(StandardSocketOptions.SO_RCVBUF);
        if (granted < SOCKET_BUFFER_BYTES) {
            log.debug("receive buffer is {} bytes, not {} (net.core.rmem_max): bursts may overflow it in the kernel, uncounted",
                    granted, SOCKET_BUFFER_BYTES);
        }
        UdpDataPath path = new UdpDataPath(udp, selector, name, sink);
        path.receiver.start();
        return path;
    }

    /**
     * Sends one datagram of {@code s}, plain or sealed as its codec says: a FRAME of {@code frame}
     * (position to limit, not moved), or a HELLO for {@code null}.
     *
     * @return false when the socket did not take it (buffer full, closed, unreachable)
     */
    boolean send(Session s, ByteBuffer frame) {
        synchronized (txBuffer) { // also serializes the codec's sealing, as it requires
            txView.clear();
            s.codec().write(txView, s.portId(), frame == null ? null : copied(frame));
            txBuffer.clear().limit(txView.writerIndex());
            try {
                return udp.send(txBuffer, s.dataEndpoint()) > 0;
            } catch (IOException e) {
                log.debug("send to {} failed", s.dataEndpoint(), e);
                return false;
            }
        }
    }

    /** {@code frame}'s bytes (position to limit; its position is left where it was) in {@link #txFrame}. */
    private ByteBuf copied(ByteBuffer frame) {
        int position = frame.position();
        int length = frame.remaining();
        txFrame.setBytes(0, frame);
        frame.position(position);
        return txFrame.setIndex(0, length);
    }

    private void receiveLoop(Receiver sink) {
        try {
            while (udp.isOpen()) {
                selector.select();
                selector.selectedKeys().clear();
                SocketAddress from;
                while ((from = receiveOne()) != null) {
                    rxView.setIndex(0, rxBuffer.position());
                    sink.onDatagram(rxView, from);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (udp.isOpen()) {
                log.warn("receive loop ended: {}", e.toString());
            }
        }
    }

    private SocketAddress receiveOne() throws IOException {
        rxBuffer.clear();
        return udp.isOpen() ? udp.receive(rxBuffer) : null;
    }

    /** Closes the socket and waits briefly for the receive thread to end. */
    @Override
    public void close() {
        try {
            udp.close();
            selector.close();
            receiver.join(1_000);
        } catch (IOException e) {
            log.debug("closing the data path failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
