/**
 * What the stack tells about itself, part of the public API: every counter with its protocol and whether it
 * is a drop ({@link io.vnetif.netstack.stats.Counter}), and connection snapshots in the manner of {@code ss -ti}
 * ({@link io.vnetif.netstack.stats.TcpInfo}).
 *
 * <p>Threading: immutable values, safe anywhere.
 */
package io.vnetif.netstack.stats;
