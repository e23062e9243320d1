/**
 * Time for the stack: the clock it reads (real, or virtual in tests) and the hashed timer wheel that holds
 * every protocol timer, so that thousands of connections cost no thread and no allocation per timer.
 *
 * <p>Threading: confined to the stack's thread.
 */
package io.vnetif.netstack.time;
