package io.vnetif.netstack;

import io.vnetif.netstack.tcp.TcpConfig;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * How a stack's TCP behaves: buffers, timers, congestion control and the options it offers. Immutable; each
 * {@code with} method returns a changed copy. The defaults follow Linux: 256 KiB buffers, CUBIC, SACK,
 * timestamps and window scaling on, a minimum RTO of 200 ms, TIME-WAIT of 60 s. Tests that inject loss
 * usually want a low minimum RTO and a short TIME-WAIT.
 *
 * <pre>{@code
 * TcpOptions quick = TcpOptions.DEFAULTS.withMinRto(Duration.ofMillis(20)).withTimeWait(Duration.ofSeconds(1));
 * }</pre>
 */
public final class TcpOptions {
    /** Linux-like defaults. */
    public static final TcpOptions DEFAULTS = new TcpOptions(TcpConfig.DEFAULTS);

    private final TcpConfig c;

    private TcpOptions(TcpConfig config) {
        this.c = config;
    }

    TcpConfig toConfig() {
        return c;
    }

    private static long nanos(Duration d, String what) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + d);
        }
        return d.toNanos();
    }

    private TcpOptions with(UnaryOperator<TcpConfig.Builder> change) {
        return new TcpOptions(change.apply(c.toBuilder()).build());
    }

    /** Bytes a connection takes from its writer before a write blocks (SO_SNDBUF). */
    public TcpOptions withSendBuffer(int bytes) {
        return with(b -> b.sendBuffer(bytes));
    }

    /** The receive window and buffer of a connection (SO_RCVBUF); the window scale follows from it. */
    public TcpOptions withReceiveBuffer(int bytes) {
        return with(b -> b.receiveBuffer(bytes));
    }

    /** The lowest retransmission timeout (RFC 6298 says 1 s, Linux 200 ms; tests on a LAN may go much lower). */
    public TcpOptions withMinRto(Duration minRto) {
        long min = nanos(minRto, "the minimum RTO");
        return with(b -> b.minRto(min).initialRto(Math.max(min, c.initialRto())).maxRto(Math.max(min, c.maxRto())));
    }

    /** The RTO before the first round-trip sample (RFC 6298: 1 s). */
    public TcpOptions withInitialRto(Duration initialRto) {
        return with(b -> b.initialRto(nanos(initialRto, "the initial RTO")));
    }

    /** Consecutive timeouts of a segment before the connection fails, and of a SYN before a connect fails. */
    public TcpOptions withRetries(int dataRetransmits, int synRetransmits) {
        return with(b -> b.maxRetransmits(dataRetransmits).maxSynRetransmits(synRetransmits));
    }

    /** How long an ACK may wait for data to ride on (RFC 1122: under 500 ms; Linux: 40 ms). */
    public TcpOptions withDelayedAck(Duration delay) {
        return with(b -> b.delayedAck(nanos(delay, "the delayed ACK")));
    }

    /** How long TIME-WAIT lasts (2 MSL; Linux: 60 s). */
    public TcpOptions withTimeWait(Duration timeWait) {
        return with(b -> b.timeWait(nanos(timeWait, "TIME-WAIT")));
    }

    /** Keepalive timing for sockets with SO_KEEPALIVE: idle time, time between probes, probes before giving up. */
    public TcpOptions withKeepalive(Duration idle, Duration interval, int probes) {
        return with(b -> b.keepaliveIdle(nanos(idle, "keepalive idle")).keepaliveInterval(nanos(interval, "keepalive interval"))
                .keepaliveProbes(probes));
    }

    /** {@code "cubic"} (RFC 9438, the default) or {@code "newreno"} (RFC 5681, RFC 6582). */
    public TcpOptions withCongestionControl(String name) {
        return with(b -> b.congestionControl(name));
    }

    /** Which options the stack offers in its SYNs: SACK (RFC 2018), timestamps and window scaling (RFC 7323). */
    public TcpOptions withOptions(boolean sack, boolean timestamps, boolean windowScaling) {
        return with(b -> b.sack(sack).timestamps(timestamps).windowScaling(windowScaling));
    }

    /** Connections (all states) the stack holds; a SYN or a connect beyond it is refused. */
    public TcpOptions withMaxConnections(int connections) {
        return with(b -> b.maxConnections(connections));
    }

    @Override
    public String toString() {
        return c.toString();
    }
}
