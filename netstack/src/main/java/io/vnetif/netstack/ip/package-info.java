/**
 * What the layers share without knowing each other: the outputs transports send packets through (IPv4's and
 * IPv6's), the contracts by which IP hands packets (and ICMP errors) up to them, and the stack's counters.
 *
 * <p>Threading: confined to the stack's thread.
 */
package io.vnetif.netstack.ip;
