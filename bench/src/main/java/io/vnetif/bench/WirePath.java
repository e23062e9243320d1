package io.vnetif.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vnetif.api.MacAddress;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.DetachRequest;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.wire.DatagramHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Through the switch without the client library: two ports attached over gRPC and spoken to in the
 * wire format (WIRE.md) from plain blocking sockets, exactly as the direct-UDP baseline is. So
 * {@code wire - direct} is what the switch adds, {@code vnetif - wire} what the client library adds.
 * No lease is kept: use it for runs shorter than the switch's lease (round trips).
 */
final class WirePath implements BenchPath, AutoCloseable {
    private static final int ETHERTYPE_EXPERIMENTAL = 0x88B5;

    private final ManagedChannel channel;
    private final SwitchServiceGrpc.SwitchServiceBlockingStub control;
    private final AtomicInteger networks = new AtomicInteger();
    private final SwitchProbe probe;
    private final String suffix;

    /** {@code probe} reads the switch at {@code switchAddress}; {@code suffix} tells switches apart in tables. */
    WirePath(String switchAddress, SwitchProbe probe, String suffix) {
        channel = Grpc.newChannelBuilder(switchAddress, InsecureChannelCredentials.create()).build();
        control = SwitchServiceGrpc.newBlockingStub(channel);
        this.probe = probe;
        this.suffix = suffix;
    }

    @Override
    public String name() {
        return "switch, raw wire" + suffix;
    }

    @Override
    public SwitchProbe switchProbe() {
        return probe;
    }

    @Override
    public EndpointPair open(int frameBytes) throws IOException {
        String network = "wire-" + networks.incrementAndGet();
        AttachResponse pa = attach(network);
        AttachResponse pb = attach(network);
        DatagramEndpoint a = endpoint(pa, pb, frameBytes);
        DatagramEndpoint b = endpoint(pb, pa, frameBytes);
        return new EndpointPair(a, b, () -> {
            a.close();
            b.close();
            detach(pa);
            detach(pb);
        });
    }

    private AttachResponse attach(String network) {
        return control.withDeadlineAfter(10, TimeUnit.SECONDS).attach(AttachRequest.newBuilder().setNetwork(network).setLabel("wire").build());
    }

    private void detach(AttachResponse port) {
        control.withDeadlineAfter(10, TimeUnit.SECONDS).detach(DetachRequest.newBuilder().setPortId(port.getPortId())
                .setSecret(port.getSecret()).build());
    }

    /** A socket bound to {@code own} by a HELLO exchange, sending frames to {@code peer}'s MAC. */
    private static DatagramEndpoint endpoint(AttachResponse own, AttachResponse peer, int frameBytes) throws IOException {
        ByteBuf template = Unpooled.buffer(DatagramHeader.LENGTH + frameBytes);
        DatagramHeader.write(template, DatagramHeader.TYPE_FRAME, own.getPortId(), own.getSecret());
        template.writeBytes(MacAddress.parse(peer.getMac()).toBytes()).writeBytes(MacAddress.parse(own.getMac()).toBytes())
                .writeShort(ETHERTYPE_EXPERIMENTAL).writeZero(frameBytes - 14);
        DatagramEndpoint end = new DatagramEndpoint(template.nioBuffer());
        ByteBuf hello = Unpooled.buffer(DatagramHeader.LENGTH);
        DatagramHeader.write(hello, DatagramHeader.TYPE_HELLO, own.getPortId(), own.getSecret());
        InetSocketAddress data = new InetSocketAddress(own.getDataEndpoint().getHost(), own.getDataEndpoint().getPort());
        end.bindTo(data, hello.nioBuffer());
        return end;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
