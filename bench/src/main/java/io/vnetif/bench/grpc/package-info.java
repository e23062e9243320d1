/**
 * gRPC over vnetif's Netty transport beside gRPC over loopback TCP: {@link io.vnetif.bench.grpc.GrpcBench}.
 *
 * <p>Threading: the benchmark's thread makes blocking calls; gRPC's servers and channels run on their groups.
 */
package io.vnetif.bench.grpc;
