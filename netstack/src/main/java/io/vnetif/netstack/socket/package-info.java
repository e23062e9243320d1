/**
 * java.net sockets on the stack: SocketImpl and DatagramSocket subclasses that turn blocking calls into
 * requests to the stack loop and waits on a connection's condition, with java.net's timeouts, options and
 * exceptions.
 *
 * <p>Threading: called on the application's threads; they touch a connection's buffers under its lock and
 * wake the stack loop for everything else, never running protocol code themselves.
 */
package io.vnetif.netstack.socket;
