/**
 * The control API's generated messages and service, their mapping to the engine's types, and the security of
 * the control port. Not an API of the client library: exported only to it.
 */
module io.vnetif.proto {
    requires transitive io.vnetif.core;
    requires transitive com.google.protobuf;
    requires transitive io.grpc;
    requires transitive io.grpc.stub;
    requires io.grpc.protobuf;
    requires com.google.common;

    exports io.vnetif.proto.v1 to io.vnetif.client;
    exports io.vnetif.proto.mapping to io.vnetif.client;
    exports io.vnetif.proto.security to io.vnetif.client;
}
