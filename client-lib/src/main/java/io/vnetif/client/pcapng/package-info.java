/**
 * Recording frames as pcapng (what Wireshark and tshark read): the writer, and a monitor that records one
 * interface's traffic.
 *
 * <p>Threading: a writer is not thread-safe; the monitor serializes the interface's sender and listener
 * threads itself.
 */
package io.vnetif.client.pcapng;
