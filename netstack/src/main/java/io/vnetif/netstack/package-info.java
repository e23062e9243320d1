/**
 * A TCP/IP stack for the JVM on a {@link io.vnetif.client.Vnetif}: {@link io.vnetif.netstack.NetStack} gives
 * java.net sockets (and their factories, for libraries that take one) whose traffic crosses the virtual LAN,
 * where it can be lost, delayed, reordered and partitioned; {@link io.vnetif.netstack.TcpOptions} tunes TCP.
 * The public API of the module, with {@link io.vnetif.netstack.stats}.
 *
 * <p>Threading: a stack runs on one thread of its own (the stack loop); sockets may be used from any thread,
 * and block only their caller.
 */
package io.vnetif.netstack;
