/**
 * The port kinds of the switch — native (WIRE.md), VXLAN (RFC 7348) and raw UDP (QEMU, VDE) — each with its
 * decoder and its encapsulation, the registry of every port with its secret and lease, the index by which a
 * datagram finds its port, and the sockets they are served on. What differs between kinds is asked of the
 * port ({@link io.vnetif.server.port.SwitchPort}), never found by testing its class.
 *
 * <p>Threading: confined to the data-plane loop, the engine's one thread; binding a raw-UDP socket is done
 * off the loop (binding waits for it).
 */
package io.vnetif.server.port;
