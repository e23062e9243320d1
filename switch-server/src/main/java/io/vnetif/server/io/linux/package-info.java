/**
 * The C library calls of the direct I/O path, bound with JNA's direct mapping (primitive arguments only, so
 * a call allocates nothing), the layout of the structures they take, and the errno values told apart. LP64
 * little-endian Linux only; {@link io.vnetif.server.io.linux.LinuxCalls#unavailableReason()} says why not
 * elsewhere.
 *
 * <p>Threading: the calls are thread-safe; a {@link io.vnetif.server.io.linux.MessageVector} belongs to the
 * data-plane loop.
 */
package io.vnetif.server.io.linux;
