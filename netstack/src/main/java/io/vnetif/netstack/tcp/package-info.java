/**
 * TCP (RFC 9293): the state machine, retransmission (RFC 6298), window scaling and timestamps (RFC 7323),
 * SACK and its loss recovery (RFC 2018, RFC 6675), NewReno and CUBIC (RFC 5681, RFC 9438), Nagle, delayed
 * ACKs, persist and keepalive, and the defences of RFC 5961; listeners with bounded SYN and accept queues.
 *
 * <p>Threading: protocol code runs on the stack's thread; a connection's send and receive buffers are shared
 * with socket threads under the connection's lock, which the stack's thread holds while it works on it.
 */
package io.vnetif.netstack.tcp;
