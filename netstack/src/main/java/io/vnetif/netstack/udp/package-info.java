/**
 * UDP (RFC 768): endpoints bound to ports, each with a bounded ring of received datagrams (overflow is a
 * counted drop), connected or not.
 *
 * <p>Threading: the layer runs on the stack's thread; an endpoint's ring is shared with socket threads under
 * the endpoint's lock.
 */
package io.vnetif.netstack.udp;
