package io.vnetif.server;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;

/**
 * The data loop's opt-in busy poll ({@code --busy-poll}): asks epoll for ready sockets without blocking,
 * over and over, instead of sleeping in epoll_wait, so a datagram is picked up without first waking a
 * sleeping thread. The price is one core spinning at 100 % even when the switch is idle.
 *
 * <p>Not Netty's {@link SelectStrategy#BUSY_WAIT}: that spins inside native code until a socket is ready,
 * arming no timer and ignoring the wake-ups of submitted tasks, so an idle switch would neither expire
 * leases nor answer control calls until the next datagram. Returning {@link SelectStrategy#CONTINUE}
 * when nothing is ready lets the loop run its tasks (timers included) between polls.
 */
final class BusyPollStrategy implements SelectStrategy {
    static final SelectStrategyFactory FACTORY = BusyPollStrategy::new;

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        int ready = selectNow.get();
        return ready > 0 ? ready : CONTINUE;
    }
}
