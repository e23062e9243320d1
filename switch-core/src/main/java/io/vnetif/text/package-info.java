/**
 * The one grammar in which vnetif writes quantities and addresses: durations, percentages, sizes, bit rates,
 * {@code host:port} and a switch's control address ({@link io.vnetif.text.ControlAddress}: port 7400 when left
 * out). Switch flags, CLI words and the engine's rule descriptions all use it, and every {@code format} reads
 * back exactly through its {@code parse}.
 *
 * <p>Threading: static functions without state, safe on any thread.
 */
package io.vnetif.text;
