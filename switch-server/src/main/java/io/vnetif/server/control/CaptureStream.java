package io.vnetif.server.control;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.netty.buffer.ByteBuf;
import io.vnetif.core.capture.CaptureSink;
import io.vnetif.core.port.Port;
import io.vnetif.proto.v1.CaptureEvent;
import io.vnetif.proto.v1.CaptureLoss;
import io.vnetif.proto.v1.CapturedFrame;
import io.vnetif.proto.v1.CapturedPort;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One capture session: the engine's thread copies selected frames into a bounded queue (never
 * waiting: what does not fit — by count or by bytes — is counted, and the count travels with the next
 * frame that fits, so the loss is reported where it happened); a sender thread of its own streams them
 * as fast as the client reads, announcing each port before its first frame.
 */
final class CaptureStream implements CaptureSink {
    /** Frames that may wait for a slow reader before they are dropped. */
    static final int QUEUE_FRAMES = 8192;
    /** Bytes one session may hold (jumbo frames would otherwise make it hold 74 MB), out of the switch's {@link CaptureBuffer}. */
    static final long SESSION_QUEUE_BYTES = 16L << 20;
    /** Largest snap length accepted. */
    static final int MAX_SNAP_LENGTH = 65535;

    private record Record(Port port, CapturedFrame.Direction direction, long nanos, int originalLength, byte[] data, long lostBefore) {
    }

    private final BlockingQueue<Record> queue = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    /** What this session's queued frames cost (charged to {@link #buffer} too). */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final CaptureBuffer buffer;
    private final ServerCallStreamObserver<CaptureEvent> out;
    private final String network;
    private final int snapLength;
    private final long maxFrames;
    private final long durationNanos;
    private final long startNanos = System.nanoTime();
    private final Set<Integer> announced = new HashSet<>();
    private final Object ready = new Object();
    /** Frames lost and not yet reported: taken (atomically) by the next frame queued, or by the sender when idle. */
    private final AtomicLong pendingLoss = new AtomicLong();
    private volatile boolean cancelled;
    private volatile boolean intakeStopped;
    private long taken; // engine thread

    /** @param snapLength 1..65535, or 0 for whole frames */
    CaptureStream(ServerCallStreamObserver<CaptureEvent> out, CaptureBuffer buffer, String network, int snapLength, long maxFrames,
                  long durationMillis) {
        this.out = out;
        this.buffer = buffer;
        this.network = network;
        this.snapLength = snapLength == 0 ? Integer.MAX_VALUE : snapLength;
        this.maxFrames = maxFrames == 0 ? Long.MAX_VALUE : maxFrames;
        this.durationNanos = durationMillis == 0 ? 0 : TimeUnit.MILLISECONDS.toNanos(Math.min(durationMillis, Long.MAX_VALUE / 1_000_000));
        out.setOnReadyHandler(() -> {
            synchronized (ready) {
                ready.notifyAll();
            }
        });
        out.setOnCancelHandler(() -> cancelled = true);
    }

    /** Engine thread: copy and queue, or count the loss. */
    @Override
    public void frame(Port port, Direction direction, ByteBuf frame, long wallClockNanos) {
        if (intakeStopped || cancelled || taken >= maxFrames) {
            return;
        }
        int length = frame.readableBytes();
        byte[] data = new byte[Math.min(length, snapLength)];
        frame.getBytes(frame.readerIndex(), data);
        CapturedFrame.Direction d = direction == Direction.INGRESS ? CapturedFrame.Direction.INGRESS : CapturedFrame.Direction.EGRESS;
        // Whoever takes the pending loss count reports it: this frame, or the sender when the queue runs dry.
        long lostBefore = pendingLoss.getAndSet(0);
        long cost = cost(data);
        if (queuedBytes.get() + cost > SESSION_QUEUE_BYTES || !buffer.take(cost)) {
            pendingLoss.addAndGet(lostBefore + 1);
            return;
        }
        if (!queue.offer(new Record(port, d, wallClockNanos, length, data, lostBefore))) {
            buffer.give(cost);
            pendingLoss.addAndGet(lostBefore + 1);
            return;
        }
        queuedBytes.addAndGet(cost);
        taken++;
    }

    /** What a queued copy costs in memory: its bytes and the objects around them. */
    private static long cost(byte[] data) {
        return data.length + CaptureBuffer.PER_FRAME_OVERHEAD_BYTES;
    }

    private boolean timeUp() {
        return durationNanos != 0 && System.nanoTime() - startNanos >= durationNanos;
    }

    /** Sender thread: streams until cancelled, the frame limit is sent, or the time is up; then drains and ends. */
    void run() {
        long sent = 0;
        try {
            while (!cancelled && sent < maxFrames && !timeUp()) {
                Record r = queue.poll(50, TimeUnit.MILLISECONDS);
                if (r != null) {
                    send(r);
                    sent++;
                } else {
                    reportLoss(); // nothing queued after the loss to carry it: say it now
                }
            }
            intakeStopped = true; // what the engine took before this line is still sent
            Record r;
            while (!cancelled && (r = queue.poll()) != null) {
                send(r);
            }
            reportLoss();
            if (!cancelled) {
                out.onCompleted();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the client went away while we were sending
        } finally {
            intakeStopped = true;
            release();
        }
    }

    /**
     * Gives back what is still queued, once intake has stopped. A frame the engine's thread was queueing
     * at that instant may come after this: it is given back by the loop's {@link #stopped} call.
     */
    private void release() {
        Record r;
        while ((r = queue.poll()) != null) {
            long cost = cost(r.data);
            queuedBytes.addAndGet(-cost);
            buffer.give(cost);
        }
    }

    /** Engine thread, once the session's tap is gone: nothing more comes, whatever is left is given back. */
    void stopped() {
        intakeStopped = true;
        release();
    }

    private void reportLoss() throws InterruptedException {
        long lost = pendingLoss.getAndSet(0);
        if (lost > 0 && !cancelled) {
            emit(CaptureEvent.newBuilder().setLoss(CaptureLoss.newBuilder().setFrames(lost)).build());
        }
    }

    private void send(Record r) throws InterruptedException {
        long cost = cost(r.data);
        queuedBytes.addAndGet(-cost);
        buffer.give(cost);
        if (r.lostBefore > 0) {
            emit(CaptureEvent.newBuilder().setLoss(CaptureLoss.newBuilder().setFrames(r.lostBefore)).build());
        }
        if (announced.add(r.port.id())) {
            emit(CaptureEvent.newBuilder().setPort(CapturedPort.newBuilder().setPortId(r.port.id()).setNetwork(network)
                    .setMac(r.port.mac().toString()).setLabel(r.port.label())).build());
        }
        emit(CaptureEvent.newBuilder().setFrame(CapturedFrame.newBuilder().setPortId(r.port.id()).setDirection(r.direction)
                .setTimestampNs(r.nanos).setOriginalLength(r.originalLength).setData(ByteString.copyFrom(r.data))).build());
    }

    /** Waits while the client's buffers are full (frames meanwhile pile up, then are lost) — never past the deadline. */
    private void emit(CaptureEvent event) throws InterruptedException {
        synchronized (ready) {
            while (!out.isReady() && !cancelled) {
                if (timeUp()) {
                    cancelled = true; // a reader that stopped reading does not keep the session alive
                    return;
                }
                ready.wait(50);
            }
        }
        if (!cancelled) {
            out.onNext(event);
        }
    }
}
