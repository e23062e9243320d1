/**
 * The IPv4 interface: Ethernet in and out, ARP (RFC 826) with a bounded queue per unresolved address, IPv4
 * (RFC 791) with routing to a gateway, fragmentation and bounded reassembly (RFC 815), path MTU (RFC 1191),
 * and ICMP (RFC 792): echo, errors, ping.
 *
 * <p>Threading: confined to the stack's thread.
 */
package io.vnetif.netstack.iface;
