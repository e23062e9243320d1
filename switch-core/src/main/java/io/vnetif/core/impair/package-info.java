/**
 * Impairments: the rules of a network (loss, delay, duplication, corruption, rates, MTU, trailers,
 * blackouts) with their frame filters, partitions and one-way cuts, and the frames they hold until later.
 * A network without any has no {@link io.vnetif.core.impair.Impairments} at all, so the plain path pays one
 * null check.
 *
 * <p>Threading: confined to the engine's thread; held frames come back through a
 * {@link io.vnetif.core.impair.DelayScheduler} that runs them on that thread (or under its lock).
 */
package io.vnetif.core.impair;
