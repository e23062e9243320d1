/**
 * The TCP/IP stack's benchmarks (vnetif-netstack), never timed tests: {@link io.vnetif.bench.netstack.StackBench}
 * measures two stacks on the in-process switch (bulk transfer, 1-byte round trips, goodput under loss per
 * congestion control, connections per second, heap per idle connection, allocation per segment), and
 * {@link io.vnetif.bench.netstack.StackEndpoint} is the Java host that bench/netstack-linux.sh measures
 * against Linux's stack through a switch, side by side with kernel to kernel. Each run is in
 * docs/performance.md#the-tcpip-stack with its command.
 *
 * <p>Threading: every measured transfer runs on threads of its own (a writer, a reader); the stacks run
 * their own loops.
 */
package io.vnetif.bench.netstack;
