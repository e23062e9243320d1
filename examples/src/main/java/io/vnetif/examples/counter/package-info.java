/**
 * A replicated service on the virtual LAN: {@link io.vnetif.examples.counter.CounterNode}, a gRPC counter
 * replicated between nodes, each on a TCP/IP stack of its own
 * (docs/services.md#a-replicated-service-with-a-partition). The gRPC classes are
 * generated from {@code counter.proto}.
 *
 * <p>Threading: a node's state is a concurrent map, touched by gRPC's threads and its gossip thread.
 */
package io.vnetif.examples.counter;
