package io.vnetif.server;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.vnetif.core.ControlException;
import io.vnetif.core.MacAddress;
import io.vnetif.core.SwitchEngine;
import io.vnetif.core.capture.CaptureFilter;
import io.vnetif.core.capture.CaptureSink;
import io.vnetif.proto.v1.CaptureEvent;
import io.vnetif.proto.v1.CaptureRequest;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts and ends capture sessions for the Capture call: filter checked here, taps on the loop. */
final class Captures {
    private static final Logger log = LoggerFactory.getLogger(Captures.class);

    private final PortRegistry ports;
    private final LoopExecutor loop;
    private final AtomicInteger running = new AtomicInteger();

    Captures(PortRegistry ports, LoopExecutor loop) {
        this.ports = ports;
        this.loop = loop;
    }

    /** Capture sessions streaming now. */
    int running() {
        return running.get();
    }

    /** Capture sessions at once: each may hold 16 MiB of frames for a slow reader. */
    static final int MAX_SESSIONS = 16;

    void start(CaptureRequest req, StreamObserver<CaptureEvent> observer) {
        String network = SwitchEngine.checkNetworkName(req.getNetwork());
        if (Integer.toUnsignedLong(req.getSnapLength()) > CaptureStream.MAX_SNAP_LENGTH) {
            throw new ControlException(ControlException.Code.INVALID_ARGUMENT, "snap_length " + Integer.toUnsignedString(req.getSnapLength())
                    + " out of range 0.." + CaptureStream.MAX_SNAP_LENGTH);
        }
        if (running.get() >= MAX_SESSIONS) {
            throw new ControlException(ControlException.Code.RESOURCE_EXHAUSTED, "already " + running.get()
                    + " capture sessions (limit " + MAX_SESSIONS + ")");
        }
        MacAddress mac = req.getMac().isEmpty() ? null : parse(req.getMac());
        EnumSet<CaptureSink.Direction> directions = EnumSet.noneOf(CaptureSink.Direction.class);
        if (req.getIngress() || !req.getEgress()) {
            directions.add(CaptureSink.Direction.INGRESS);
        }
        if (req.getEgress() || !req.getIngress()) {
            directions.add(CaptureSink.Direction.EGRESS);
        }
        CaptureStream stream = new CaptureStream((ServerCallStreamObserver<CaptureEvent>) observer, network, req.getSnapLength(),
                req.getMaxFrames(), req.getDurationMs());
        CaptureFilter filter;
        try {
            filter = new CaptureFilter(0, directions, mac, req.hasEtherType() ? (int) req.getEtherType() : -1,
                    req.getMinSize(), req.getMaxSize() == 0 ? Integer.MAX_VALUE : req.getMaxSize());
        } catch (IllegalArgumentException e) {
            throw new ControlException(ControlException.Code.INVALID_ARGUMENT, e.getMessage());
        }
        long id = loop.call(() -> {
            CaptureFilter onePort = !req.hasPort() ? filter : new CaptureFilter(new ImpairmentRequests(ports.engine(), network)
                    .resolvePort(req.getPort(), "port").id(), filter.directions(), filter.mac(), filter.etherType(), filter.minSize(), filter.maxSize());
            return ports.engine().startCapture(network, onePort, stream);
        });
        running.incrementAndGet();
        log.info("capture {} started on {}", id, network);
        Thread sender = new Thread(() -> {
            try {
                stream.run();
            } finally {
                try {
                    loop.call(() -> {
                        ports.engine().stopCapture(id);
                        return null;
                    });
                } catch (RuntimeException e) {
                    // the switch is shutting down: its engine goes with the session
                }
                running.decrementAndGet();
                log.info("capture {} ended", id);
            }
        }, "vnetif-capture-" + id);
        sender.setDaemon(true);
        sender.start();
    }

    private static MacAddress parse(String text) {
        try {
            return MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ControlException(ControlException.Code.INVALID_ARGUMENT, "mac: " + e.getMessage());
        }
    }
}
