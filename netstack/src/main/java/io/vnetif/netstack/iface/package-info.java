/**
 * The interfaces on the link: Ethernet in (one demultiplexer) and out. IPv4: ARP (RFC 826) with a bounded
 * queue per unresolved address, IPv4 (RFC 791) with routing to a gateway, fragmentation and bounded
 * reassembly (RFC 815), path MTU (RFC 1191), and ICMP (RFC 792): echo, errors, ping. IPv6 beside it: static
 * and link-local addresses with duplicate address detection (RFC 4862), neighbour discovery and
 * unreachability detection (RFC 4861), MLDv2 for the groups it listens to (RFC 3810), path MTU (RFC 8201)
 * and ICMPv6 (RFC 4443).
 *
 * <p>Threading: confined to the stack's thread.
 */
package io.vnetif.netstack.iface;
