/**
 * The {@code vnetif} command: one subcommand per job (ports, stats, top, impair, partition, cut, heal,
 * capture, vxlan, raw, tap, detach, host), each a picocli command over the switch's gRPC API, with the
 * connection options they share.
 *
 * <p>Threading: a command runs on the main thread (capture and tap read on threads of their own; host runs
 * a TCP/IP stack and its services, package {@code host}, on threads of their own).
 */
package io.vnetif.cli;
