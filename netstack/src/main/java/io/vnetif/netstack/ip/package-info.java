/**
 * What the layers share without knowing each other: the output transports send packets through, the contract
 * by which IP hands packets (and ICMP errors) up to them, and the stack's counters.
 *
 * <p>Threading: confined to the stack's thread.
 */
package io.vnetif.netstack.ip;
