package io.vnetif.client;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.DetachRequest;
import io.vnetif.proto.v1.DetachResponse;
import io.vnetif.proto.v1.Endpoint;
import io.vnetif.proto.v1.LeaseRequest;
import io.vnetif.proto.v1.LeaseResponse;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.wire.DatagramHeader;
import io.vnetif.wire.PortCodec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A switch played by a test, for one port: its gRPC service answers Attach as the test says (and Lease
 * and Detach plainly); its data socket answers HELLOs and queues the frames it opens, and the test sends
 * whatever datagrams it likes to the client, sealed with the switch's end of the port codec or not.
 */
final class ScriptedSwitch implements AutoCloseable {
    static final int PORT_ID = 42;
    static final long SECRET = 0x0123456789ABCDEFL;
    static final String MAC = "02:00:00:00:00:01";

    private final PortCodec codec;
    private final DatagramSocket data;
    private final Server control;
    private final Thread receiver;
    private volatile SocketAddress client;
    /** Frames the client sent, opened. */
    final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    /** Datagrams the client sent, as they came. */
    final BlockingQueue<byte[]> datagrams = new LinkedBlockingQueue<>();

    /**
     * @param codec  the switch's end of the port's datagrams
     * @param answer completes the Attach answer (port 42, MAC, MTU 1500, secret, data endpoint, lease)
     */
    /** The ports the client detached, in order. */
    final List<Integer> detaches = new java.util.concurrent.CopyOnWriteArrayList<>();

    ScriptedSwitch(PortCodec codec, Consumer<AttachResponse.Builder> answer) throws IOException {
        this.codec = codec;
        this.data = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.control = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                InsecureServerCredentials.create()).addService(service(answer)).build().start();
        this.receiver = new Thread(this::receiveLoop, "scripted-switch-data");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Where the client's datagrams come from (known once it sent its HELLO, i.e. once it attached). */
    SocketAddress client() {
        return client;
    }

    String target() {
        return "127.0.0.1:" + control.getPort();
    }

    private SwitchServiceGrpc.SwitchServiceImplBase service(Consumer<AttachResponse.Builder> answer) {
        return new SwitchServiceGrpc.SwitchServiceImplBase() {
            @Override
            public void attach(AttachRequest req, StreamObserver<AttachResponse> out) {
                AttachResponse.Builder b = AttachResponse.newBuilder().setPortId(PORT_ID).setNetwork(req.getNetwork())
                        .setMac(MAC).setMtu(1500).setSecret(SECRET).setLeaseMs(60_000)
                        .setDataEndpoint(Endpoint.newBuilder().setHost("127.0.0.1").setPort(data.getLocalPort()));
                answer.accept(b);
                out.onNext(b.build());
                out.onCompleted();
            }

            @Override
            public StreamObserver<LeaseRequest> lease(StreamObserver<LeaseResponse> out) {
                return new StreamObserver<>() {
                    @Override
                    public void onNext(LeaseRequest value) {
                        out.onNext(LeaseResponse.newBuilder().setLeaseMs(60_000).build());
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        out.onCompleted();
                    }
                };
            }

            @Override
            public void detach(DetachRequest req, StreamObserver<DetachResponse> out) {
                detaches.add(req.getPortId());
                out.onNext(DetachResponse.getDefaultInstance());
                out.onCompleted();
            }
        };
    }

    private void receiveLoop() {
        byte[] buffer = new byte[DatagramHeader.MAX_DATAGRAM_LENGTH];
        while (!data.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                data.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            client = p.getSocketAddress();
            byte[] raw = Arrays.copyOf(p.getData(), p.getLength());
            datagrams.add(raw);
            ByteBuf d = Unpooled.wrappedBuffer(raw.clone());
            if (DatagramHeader.check(d) != null || codec.open(d) != null) {
                continue;
            }
            if (DatagramHeader.isHello(DatagramHeader.type(d))) {
                send(datagram(null));
            } else {
                frames.add(ByteBufUtil.getBytes(d, DatagramHeader.LENGTH, d.readableBytes() - DatagramHeader.LENGTH));
            }
        }
    }

    /** The port's next datagram from the switch: a FRAME of {@code frame}, or a HELLO for {@code null}. */
    byte[] datagram(byte[] frame) {
        return datagram(codec, frame);
    }

    /** A datagram for the port written by another codec (a wrong key, the plain format). */
    static byte[] datagram(PortCodec other, byte[] frame) {
        ByteBuf out = Unpooled.buffer();
        synchronized (other) { // the receive thread answers HELLOs while a test thread writes frames
            other.write(out, PORT_ID, frame == null ? null : Unpooled.wrappedBuffer(frame));
        }
        return ByteBufUtil.getBytes(out);
    }

    /** Sends {@code datagram} from the data endpoint to the client (which must have sent its HELLO). */
    void send(byte[] datagram) {
        try {
            data.send(new DatagramPacket(datagram, datagram.length, client));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        control.shutdownNow();
        data.close();
    }
}
