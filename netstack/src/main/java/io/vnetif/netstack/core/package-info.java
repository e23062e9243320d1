/**
 * The stack put together: {@link io.vnetif.netstack.core.Stack} joins the interface, UDP and TCP over one
 * link and is driven by polling (frames in, time on, the next deadline out), so tests run it on virtual time;
 * {@link io.vnetif.netstack.core.StackLoop} drives it on a thread of its own over a Vnetif.
 *
 * <p>Threading: the stack is confined to one thread (the loop's, or a test's); frames from the Vnetif reach
 * it through a bounded queue whose overflow is a counted drop.
 */
package io.vnetif.netstack.core;
