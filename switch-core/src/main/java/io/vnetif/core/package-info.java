/**
 * The forwarding engine: named networks with learning MAC tables, attach and detach with their limits, and
 * the control operations on rules, partitions, cuts and captures. Pure Java over {@link io.vnetif.core.port}
 * (ports and the books), {@link io.vnetif.core.impair} and {@link io.vnetif.core.capture}; no sockets, no
 * gRPC: the switch server and the client library's in-process switch both run it.
 *
 * <p>Threading: an engine is confined to one thread at a time — the server's data-plane loop, or the
 * in-process switch's lock. In exchange the frame path needs no locks, no atomics and no allocation.
 */
package io.vnetif.core;
