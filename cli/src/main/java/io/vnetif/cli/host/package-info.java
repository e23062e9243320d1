/**
 * What {@code vnetif host} runs on its TCP/IP stack: echo, discard and source services on TCP and UDP, a
 * netcat-like pipe between the terminal and one connection, and ping. Each prints one line per event, the
 * same to a person and to a test.
 *
 * <p>Threading: each service accepts on a thread of its own and serves each connection on another, up to a
 * bound; the stack's own thread is never blocked by them.
 */
package io.vnetif.cli.host;
