package io.vnetif.it;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.wire.DatagramHeader;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A port driven by hand from a plain UDP socket, the way a client in another language would use the
 * wire format: attach over gRPC, HELLO to bind the endpoint, then any datagram the test wants.
 */
final class RawPort implements AutoCloseable {
    final AttachResponse attached;
    private final DatagramSocket socket;
    private final InetSocketAddress switchData;

    RawPort(SwitchProcess sw, String network) throws IOException {
        this(sw.admin(), network);
    }

    /** Attached through {@code control} (a stub with a token, on a switch with tokens). */
    RawPort(io.vnetif.proto.v1.SwitchServiceGrpc.SwitchServiceBlockingStub control, String network) throws IOException {
        this.attached = control.attach(AttachRequest.newBuilder().setNetwork(network).setLabel("raw").build());
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.socket.setSoTimeout(5_000);
        this.switchData = new InetSocketAddress(attached.getDataEndpoint().getHost(), attached.getDataEndpoint().getPort());
    }

    /** Sends a HELLO and waits for the switch's answer (which binds the port to this socket). */
    void hello() throws IOException {
        send(datagram(DatagramHeader.TYPE_HELLO, attached.getPortId(), attached.getSecret(), new byte[0]));
        DatagramPacket answer = new DatagramPacket(new byte[64], 64);
        socket.receive(answer);
        ByteBuf reply = Unpooled.wrappedBuffer(answer.getData(), 0, answer.getLength());
        if (DatagramHeader.check(reply) != null || DatagramHeader.type(reply) != DatagramHeader.TYPE_HELLO
                || DatagramHeader.portId(reply) != attached.getPortId() || DatagramHeader.secret(reply) != attached.getSecret()) {
            throw new IOException("unexpected answer to HELLO: " + ByteBufUtil.hexDump(reply));
        }
    }

    /** A datagram of the native format around {@code frame}. */
    static byte[] datagram(int type, int portId, long secret, byte[] frame) {
        ByteBuf b = Unpooled.buffer();
        DatagramHeader.write(b, type, portId, secret);
        b.writeBytes(frame);
        return ByteBufUtil.getBytes(b);
    }

    /** An Ethernet frame of {@code length} bytes from {@code src} to broadcast. */
    static byte[] frame(String src, int length) {
        byte[] f = new byte[length];
        java.util.Arrays.fill(f, 0, 6, (byte) 0xFF);
        byte[] mac = io.vnetif.api.MacAddress.parse(src).toBytes();
        System.arraycopy(mac, 0, f, 6, Math.min(6, Math.max(0, length - 6)));
        return f;
    }

    /** The switch's data endpoint. */
    InetSocketAddress switchData() {
        return switchData;
    }

    void send(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, switchData));
    }

    @Override
    public void close() {
        socket.close();
    }
}
