/**
 * A Netty 4.2 transport over vnetif's TCP/IP stack: {@link io.vnetif.netty} (channels and their IoHandler) and
 * {@link io.vnetif.netty.grpc} (gRPC's Netty builders on them; needs io.grpc:grpc-netty, which is optional here).
 */
module io.vnetif.netty {
    requires transitive io.vnetif.netstack;
    requires transitive io.netty.transport;
    requires transitive io.netty.buffer;
    requires transitive io.netty.common;
    requires static io.grpc.netty;
    requires static io.grpc;

    exports io.vnetif.netty;
    exports io.vnetif.netty.grpc;
}
