package io.vnetif.client;

/**
 * A partition or a cut link in force on a switch; closing it restores what it broke (idempotent), so
 * try-with-resources heals at the end of a block.
 */
@FunctionalInterface
public interface Fault extends AutoCloseable {
    /** Restores the connectivity this fault took away. */
    @Override
    void close();
}
