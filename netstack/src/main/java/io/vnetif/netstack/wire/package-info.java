/**
 * Wire formats, read and written in place in byte arrays: Ethernet, ARP, IPv4, ICMP, IPv6 and its
 * extension headers, ICMPv6 with neighbour discovery and MLDv2, UDP, TCP and its options, the Internet
 * checksum. Readers check lengths before they trust them and say what is wrong.
 *
 * <p>Threading: stateless.
 */
package io.vnetif.netstack.wire;
