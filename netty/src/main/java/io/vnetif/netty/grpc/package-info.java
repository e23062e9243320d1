/**
 * gRPC-java over vnetif's Netty transport: {@link io.vnetif.netty.grpc.VnetifGrpc} makes gRPC's Netty server and
 * channel builders use {@link io.vnetif.netty.VnetifServerSocketChannel} and
 * {@link io.vnetif.netty.VnetifSocketChannel} on an event loop group of the stack.
 *
 * <p>Threading: the builders are the caller's; the servers and channels they build run on the stack's group.
 */
package io.vnetif.netty.grpc;
