/**
 * The datagram formats of the data plane as flyweights over Netty buffers: the native header (WIRE.md), its
 * secret and sealed (AEAD) codecs, the replay window, and field access to Ethernet frames. A leaf below the
 * engine: it knows frames and datagrams, never ports or networks.
 *
 * <p>Threading: codecs are stateless, or confined to the one thread that owns their port (a sealing codec's
 * sequence numbers and replay window); buffers are read with absolute accessors unless a method says it
 * moves an index.
 */
package io.vnetif.wire;
