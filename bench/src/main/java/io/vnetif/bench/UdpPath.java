package io.vnetif.bench;

import io.vnetif.wire.DatagramHeader;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The baseline: two plain UDP sockets on loopback in this JVM, datagrams as large as the switch's
 * (native header + frame), socket buffers as large as the client library asks for, each received
 * datagram handled on its socket's reader thread.
 */
final class UdpPath implements BenchPath {
    @Override
    public String name() {
        return "direct UDP";
    }

    @Override
    public EndpointPair open(int frameBytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(DatagramHeader.LENGTH + frameBytes);
        DatagramEndpoint a = new DatagramEndpoint(zeros);
        DatagramEndpoint b = new DatagramEndpoint(zeros);
        a.connect(b.localAddress());
        b.connect(a.localAddress());
        return new EndpointPair(a, b, () -> {
            a.close();
            b.close();
        });
    }
}
