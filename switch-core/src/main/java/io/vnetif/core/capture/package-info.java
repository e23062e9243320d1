/**
 * Capture taps: the sessions of a network, each with a filter and a sink that copies what it selects at
 * ingress (as a port sent it) and egress (as the switch delivered it).
 *
 * <p>Threading: taps run on the engine's thread; a sink must copy and return at once, handing off to a
 * thread of its own through a bounded queue.
 */
package io.vnetif.core.capture;
