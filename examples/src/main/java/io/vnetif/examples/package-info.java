/**
 * Runnable examples that the docs quote and the tests run: the quick start, a chat between JVMs, a
 * stop-and-wait sender that survives impairments, a throughput probe.
 *
 * <p>Threading: each is a main method; listeners run on the interface's listener thread.
 */
package io.vnetif.examples;
