/**
 * The client library: virtual Ethernet interfaces on an in-process or a remote vnetif switch. Exports the API
 * only ({@link io.vnetif.client} and {@link io.vnetif.client.pcapng}, with {@link io.vnetif.api}); the engine,
 * the wire formats and gRPC stay inside. On the module path, put grpc-netty-shaded on the class path: its
 * multi-release jar declares a module of another name (io.netty.internal.tcnative), so gRPC finds its channel
 * provider only there (docs/architecture.md#java-modules).
 */
module io.vnetif.client {
    requires transitive io.vnetif.api;
    requires io.vnetif.core;
    requires io.vnetif.proto;
    requires io.grpc;
    requires io.grpc.stub;
    requires io.netty.buffer;
    requires io.netty.common;
    requires com.google.protobuf;
    requires org.slf4j;

    exports io.vnetif.client;
    exports io.vnetif.client.pcapng;
}
