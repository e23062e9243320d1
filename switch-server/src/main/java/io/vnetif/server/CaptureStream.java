package io.vnetif.server;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.netty.buffer.ByteBuf;
import io.vnetif.core.Port;
import io.vnetif.core.capture.CaptureSink;
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
 * waiting: what does not fit is counted and reported as a loss event), a sender thread of its own
 * streams them to the client as fast as the client reads, announcing each port before its first frame.
 */
final class CaptureStream implements CaptureSink {
    /** Frames that may wait for a slow reader before they are dropped. */
    static final int QUEUE_FRAMES = 8192;

    private record Record(Port port, CapturedFrame.Direction direction, long nanos, int originalLength, byte[] data) {
    }

    private final BlockingQueue<Record> queue = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    private final AtomicLong lost = new AtomicLong();
    private final ServerCallStreamObserver<CaptureEvent> out;
    private final String network;
    private final int snapLength;
    private final long maxFrames;
    private final long deadlineNanos;
    private final Set<Integer> announced = new HashSet<>();
    private final Object ready = new Object();
    private volatile boolean stopped;
    private long taken;

    CaptureStream(ServerCallStreamObserver<CaptureEvent> out, String network, int snapLength, long maxFrames, long durationMillis) {
        this.out = out;
        this.network = network;
        this.snapLength = snapLength == 0 ? Integer.MAX_VALUE : snapLength;
        this.maxFrames = maxFrames == 0 ? Long.MAX_VALUE : maxFrames;
        this.deadlineNanos = durationMillis == 0 ? Long.MAX_VALUE : System.nanoTime() + durationMillis * 1_000_000;
        out.setOnReadyHandler(() -> {
            synchronized (ready) {
                ready.notifyAll();
            }
        });
        out.setOnCancelHandler(() -> stopped = true);
    }

    /** Engine thread: copy and queue, or count the loss. */
    @Override
    public void frame(Port port, Direction direction, ByteBuf frame, long wallClockNanos) {
        if (stopped || taken >= maxFrames) {
            return;
        }
        taken++;
        int length = frame.readableBytes();
        byte[] data = new byte[Math.min(length, snapLength)];
        frame.getBytes(frame.readerIndex(), data);
        CapturedFrame.Direction d = direction == Direction.INGRESS ? CapturedFrame.Direction.INGRESS : CapturedFrame.Direction.EGRESS;
        if (!queue.offer(new Record(port, d, wallClockNanos, length, data))) {
            lost.incrementAndGet();
        }
    }

    /** Sender thread: streams until cancelled, the frame limit is sent, or the time is up. */
    void run() {
        long sent = 0;
        try {
            while (!stopped && sent < maxFrames && System.nanoTime() - deadlineNanos < 0) {
                Record r = queue.poll(50, TimeUnit.MILLISECONDS);
                long missed = lost.getAndSet(0);
                if (missed > 0) {
                    send(CaptureEvent.newBuilder().setLoss(CaptureLoss.newBuilder().setFrames(missed)).build());
                }
                if (r == null) {
                    continue;
                }
                if (announced.add(r.port.id())) {
                    send(CaptureEvent.newBuilder().setPort(CapturedPort.newBuilder().setPortId(r.port.id()).setNetwork(network)
                            .setMac(r.port.mac().toString()).setLabel(r.port.label())).build());
                }
                send(CaptureEvent.newBuilder().setFrame(CapturedFrame.newBuilder().setPortId(r.port.id()).setDirection(r.direction)
                        .setTimestampNs(r.nanos).setOriginalLength(r.originalLength).setData(ByteString.copyFrom(r.data))).build());
                sent++;
            }
            if (!stopped) {
                out.onCompleted();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the client went away while we were sending
        } finally {
            stopped = true;
        }
    }

    /** Waits while the client's buffers are full: frames meanwhile pile up in the queue, then are lost. */
    private void send(CaptureEvent event) throws InterruptedException {
        synchronized (ready) {
            while (!out.isReady() && !stopped) {
                ready.wait(50);
            }
        }
        if (!stopped) {
            out.onNext(event);
        }
    }
}
