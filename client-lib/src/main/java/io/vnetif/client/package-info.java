/**
 * The client library: {@link io.vnetif.client.Vnetif}, a virtual Ethernet interface, attached to a
 * {@link io.vnetif.client.VirtualSwitch} in this JVM or to a switch server, and the control of a switch
 * (impairments, partitions, cuts). The public types of this package are the API (listed in
 * docs/architecture.md#the-public-api); everything else here is package-private implementation: the in-process backend over
 * the engine, the remote backend over gRPC and UDP.
 *
 * <p>Threading: every public method may be called from any thread; listener callbacks run in arrival order
 * on one thread per interface (or the executor the options give).
 */
package io.vnetif.client;
