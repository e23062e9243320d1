package io.vnetif.server.control;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.vnetif.api.MacAddress;
import io.vnetif.api.Refusal;
import io.vnetif.core.ControlException;
import io.vnetif.core.SwitchEngine;
import io.vnetif.core.capture.CaptureFilter;
import io.vnetif.core.capture.CaptureSink;
import io.vnetif.proto.mapping.UnsignedFields;
import io.vnetif.proto.v1.CaptureEvent;
import io.vnetif.proto.v1.CaptureRequest;
import io.vnetif.server.port.PortRegistry;
import io.vnetif.server.tenancy.Caller;
import io.vnetif.server.tenancy.Role;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and ends capture sessions for the Capture call: filter checked here, taps on the loop. A session
 * takes its place among the {@link ControlLimits#maxCaptureSessions} before anything else (an atomic
 * reservation, given back on every way out): checked first and counted after the hop onto the loop, 64
 * calls arriving while the loop was busy all passed the check and ran 29 sessions where 16 were allowed.
 * It takes a place among its client's ({@link ControlLimits#maxCapturesPerClient}) too, so one client
 * cannot take them all.
 */
public final class Captures {
    private static final Logger log = LoggerFactory.getLogger(Captures.class);

    private final PortRegistry ports;
    private final LoopExecutor loop;
    private final int maxSessions;
    private final CaptureBuffer buffer;
    private final AtomicInteger running = new AtomicInteger();
    private final ClientQuota perClient;

    public Captures(PortRegistry ports, LoopExecutor loop, ControlLimits limits) {
        this.ports = ports;
        this.loop = loop;
        this.maxSessions = limits.maxCaptureSessions();
        this.buffer = new CaptureBuffer(limits.captureBufferBytes());
        this.perClient = new ClientQuota("capture sessions", "--max-captures-per-client", limits.maxCapturesPerClient());
    }

    /** Capture sessions streaming now (or being started). */
    int running() {
        return running.get();
    }

    /** Bytes of captured frames waiting for their readers now, all sessions together. */
    long queuedBytes() {
        return buffer.used();
    }

    void start(CaptureRequest req, StreamObserver<CaptureEvent> observer) {
        String network = SwitchEngine.checkNetworkName(req.getNetwork());
        Caller caller = Caller.current();
        caller.grant().require(Role.CAPTURE, network);
        RequestArguments.uint32(req.getSnapLength(), 0, CaptureStream.MAX_SNAP_LENGTH, "snap_length");
        int etherType = req.hasEtherType() ? RequestArguments.uint32(req.getEtherType(), 0, 0xFFFF, "ether_type") : -1;
        int minSize = RequestArguments.uint32(req.getMinSize(), 0, Integer.MAX_VALUE, "min_size");
        int maxSize = RequestArguments.uint32(req.getMaxSize(), 0, Integer.MAX_VALUE, "max_size");
        MacAddress mac = req.getMac().isEmpty() ? null : parse(req.getMac());
        EnumSet<CaptureSink.Direction> directions = EnumSet.noneOf(CaptureSink.Direction.class);
        if (req.getIngress() || !req.getEgress()) {
            directions.add(CaptureSink.Direction.INGRESS);
        }
        if (req.getEgress() || !req.getIngress()) {
            directions.add(CaptureSink.Direction.EGRESS);
        }
        CaptureFilter filter;
        try {
            filter = new CaptureFilter(0, directions, mac, etherType, minSize, maxSize == 0 ? Integer.MAX_VALUE : maxSize);
        } catch (IllegalArgumentException e) {
            throw new ControlException(Refusal.INVALID_ARGUMENT, e.getMessage());
        }
        perClient.take(caller.client());
        try {
            reserve();
        } catch (RuntimeException e) {
            perClient.give(caller.client());
            throw e;
        }
        boolean started = false;
        try {
            // Limits beyond 2^63 are as good as none; read as signed they would end the capture at once.
            CaptureStream stream = new CaptureStream((ServerCallStreamObserver<CaptureEvent>) observer, buffer, network,
                    req.getSnapLength(), UnsignedFields.saturatedUint64(req.getMaxFrames()), UnsignedFields.saturatedUint64(req.getDurationMs()));
            long id = loop.call(() -> {
                CaptureFilter onePort = !req.hasPort() ? filter : new CaptureFilter(ImpairmentRequests.forLookups(ports.engine(), network)
                        .resolvePort(req.getPort(), "port").id(), filter.directions(), filter.mac(), filter.etherType(), filter.minSize(),
                        filter.maxSize());
                return ports.engine().startCapture(network, onePort, stream);
            });
            log.info("capture {} started on {}", id, network);
            Thread sender = new Thread(() -> stream(id, stream, caller.client()), "vnetif-capture-" + id);
            sender.setDaemon(true);
            sender.start();
            started = true;
        } finally {
            if (!started) {
                running.decrementAndGet();
                perClient.give(caller.client());
            }
        }
    }

    /** Takes a place among the sessions, or refuses: checked and taken in one step, so no two calls get the last one. */
    private void reserve() {
        int now = running.incrementAndGet();
        if (now > maxSessions) {
            running.decrementAndGet();
            throw new ControlException(Refusal.RESOURCE_EXHAUSTED, "already " + maxSessions
                    + " capture sessions (limit " + maxSessions + ", --max-captures)");
        }
    }

    /** The session's own thread: streams, then takes the tap away and gives back the session's places and bytes. */
    private void stream(long id, CaptureStream stream, String client) {
        try {
            stream.run();
        } finally {
            try {
                loop.call(() -> {
                    ports.engine().stopCapture(id);
                    stream.stopped();
                    return null;
                });
            } catch (RuntimeException e) {
                stream.stopped(); // the switch is shutting down: its engine goes with the session
            }
            running.decrementAndGet();
            perClient.give(client);
            log.info("capture {} ended", id);
        }
    }

    private static MacAddress parse(String text) {
        try {
            return MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ControlException(Refusal.INVALID_ARGUMENT, "mac: " + e.getMessage());
        }
    }
}
