package io.vnetif.client;

/**
 * Counters of one {@link Vnetif}, as a NIC counts them.
 *
 * @param rxFrames  frames handed to the listener
 * @param rxBytes   their bytes
 * @param txFrames  frames sent to the switch
 * @param txBytes   their bytes
 * @param rxDropped received frames not handed to the listener: listener queue full, no listener yet,
 *                  or (remote) datagrams that failed validation
 * @param txDropped frames not sent because the link was down or the socket refused them
 */
public record NicStats(long rxFrames, long rxBytes, long txFrames, long txBytes, long rxDropped, long txDropped) {
}
