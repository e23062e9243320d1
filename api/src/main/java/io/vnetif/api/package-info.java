/**
 * The vocabulary that the client library's API and the switch's engine share: MAC addresses, drop reasons,
 * impairment outcomes, delay distributions and the table of refusals. A leaf: it depends on nothing else of
 * vnetif (nor on gRPC or Netty), so users can rely on it across versions.
 *
 * <p>Threading: every type here is an immutable value or an enum, safe on any thread.
 */
package io.vnetif.api;
