package io.vnetif.server.control;

import io.vnetif.server.io.DataPlaneCounters;
import io.vnetif.server.port.PortRegistry;
import java.util.function.ToLongFunction;

/**
 * Every switch-wide counter and gauge, named and explained once (as Aeron's system counters are): GetStats'
 * {@code counters} and the Prometheus metrics ({@code vnetif_<name>}) are both made from this table, so a
 * new figure is one line here and shows in both. Read on the data-plane loop.
 */
enum SwitchCounter {
    ATTACHES("attaches", Kind.COUNTER, "Ports attached since start.", s -> s.ports().attaches()),
    REATTACHES("reattaches", Kind.COUNTER, "Attaches asking for the MAC of a port that had gone (a client coming back).",
            s -> s.ports().reattaches()),
    LEASES_EXPIRED("leases_expired", Kind.COUNTER, "Ports removed because their client stopped renewing.", s -> s.ports().leasesExpired()),
    CAPTURE_SESSIONS("capture_sessions", Kind.GAUGE, "Capture streams running.", s -> s.captures().running()),
    CAPTURE_QUEUED_BYTES("capture_queued_bytes", Kind.GAUGE,
            "Bytes of captured frames waiting for slow readers, all sessions together (bounded by --capture-buffer).",
            s -> s.captures().queuedBytes()),
    LEASE_STREAMS("lease_streams", Kind.GAUGE, "Lease streams open (bounded by --max-lease-streams).", s -> s.leases().open()),
    LEASE_STREAMS_SILENT("lease_streams_silent", Kind.COUNTER,
            "Lease streams closed because they sent no renewal for a lease period.", s -> s.leases().closedSilent()),
    HELD_BYTES("held_bytes", Kind.GAUGE, "Memory frames held back by delay and rate rules take now, every network together "
            + "(bounded by --max-held).", s -> s.ports().engine().heldBytes()),
    CONTROL_INTERNAL_ERRORS("control_internal_errors", Kind.COUNTER,
            "Control calls that failed with an internal error of the switch (a bug: its log has each one's stack trace).",
            s -> s.failures().internalErrors()),
    CONTROL_UNDECODABLE_REQUESTS("control_undecodable_requests", Kind.COUNTER,
            "Control requests refused with INVALID_ARGUMENT because they did not decode as their message.",
            s -> s.decoding().undecodable()),
    DIRECT_IO_ENABLED("direct_io_enabled", Kind.GAUGE,
            "1 while the switch reads and sends datagrams with its own recvmmsg and sendmmsg (0: through Netty).",
            s -> s.dataPlane().directIo() ? 1 : 0),
    RECEIVE_BATCHES("receive_batches", Kind.COUNTER, "recvmmsg calls of direct I/O that returned datagrams.",
            s -> s.dataPlane().receiveBatches()),
    RECEIVE_DATAGRAMS("receive_datagrams", Kind.COUNTER, "Datagrams those calls returned (divided by the batches: the batch size).",
            s -> s.dataPlane().receivedDatagrams()),
    RECEIVE_SENDER_CACHE_MISSES("receive_sender_cache_misses", Kind.COUNTER, "Datagrams from a sender not in the direct receive's "
            + "address cache (each allocated an address; many mean many senders, e.g. spoofed ones).", s -> s.dataPlane().senderMisses()),
    DATA_LOOP_ALLOCATED_BYTES("data_loop_allocated_bytes", Kind.COUNTER,
            "Heap bytes the data-plane thread allocated since the switch started.", s -> s.dataPlane().loopAllocatedBytes()),
    UDP_GSO_ENABLED("udp_gso_enabled", Kind.GAUGE, "1 while datagrams for one recipient leave as one segmented send (UDP GSO; see udp_gso_refused_recipients).",
            s -> s.dataPlane().segmented().enabled() ? 1 : 0),
    UDP_GSO_REFUSED_RECIPIENTS("udp_gso_refused_recipients", Kind.GAUGE,
            "Recipients the kernel refused to segment for: their datagrams leave one per send, everyone else's still segmented.",
            s -> s.dataPlane().segmented().refusedRecipients()),
    UDP_GSO_SENDS("udp_gso_sends", Kind.COUNTER, "Segmented sends (UDP GSO) handed to the kernel.", s -> s.dataPlane().segmented().sends()),
    UDP_GSO_DATAGRAMS("udp_gso_datagrams", Kind.COUNTER, "Datagrams in segmented sends.", s -> s.dataPlane().segmented().datagrams()),
    UDP_GSO_RESENT("udp_gso_resent", Kind.COUNTER, "Datagrams of segmented sends the kernel refused, sent again one by one.",
            s -> s.dataPlane().segmented().resent());

    /** How a figure behaves. */
    enum Kind {
        /** Only grows until the switch restarts. */
        COUNTER,
        /** A level that goes up and down (0/1 for a setting that is off/on). */
        GAUGE
    }

    /** Where the figures are read from. */
    record Sources(PortRegistry ports, DataPlaneCounters dataPlane, Captures captures, CallFailures failures, RequestDecoding decoding,
                   LeaseStreams leases) {
    }

    private final String metricName;
    private final Kind kind;
    private final String help;
    private final ToLongFunction<Sources> read;

    SwitchCounter(String metricName, Kind kind, String help, ToLongFunction<Sources> read) {
        this.metricName = metricName;
        this.kind = kind;
        this.help = help;
        this.read = read;
    }

    /** The name in GetStats; the Prometheus metric is {@code vnetif_} and this. */
    String metricName() {
        return metricName;
    }

    Kind kind() {
        return kind;
    }

    String help() {
        return help;
    }

    /** The figure now, or a negative number when this platform cannot measure it. Call on the data-plane loop. */
    long read(Sources sources) {
        return read.applyAsLong(sources);
    }
}
