/**
 * The control API's messages and gRPC service, generated from {@code vnetif/v1/switch.proto} (the versioned
 * contract for clients in any language, beside {@code proto/WIRE.md}).
 *
 * <p>Threading: messages are immutable; stubs are gRPC's.
 */
package io.vnetif.proto.v1;
