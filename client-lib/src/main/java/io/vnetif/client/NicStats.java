package io.vnetif.client;

import io.vnetif.api.DropReason;
import java.util.Map;

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
 * @param rxRefused (remote) the datagrams of {@code rxDropped} that failed validation, by reason, non-zero
 *                  only: e.g. {@link DropReason#REPLAYED} and {@link DropReason#BAD_TAG} on an encrypted
 *                  interface, {@link DropReason#WRONG_SOURCE_ENDPOINT} for a datagram not from the switch
 */
public record NicStats(long rxFrames, long rxBytes, long txFrames, long txBytes, long rxDropped, long txDropped,
                       Map<DropReason, Long> rxRefused) {
    public NicStats {
        rxRefused = Map.copyOf(rxRefused);
    }
}
