package io.vnetif.client;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands received frames to the listener in arrival order, one at a time, through a bounded queue: a slow
 * listener makes the queue overflow (counted as rx drops), never the heap grow. Runs drains on the
 * interface's own thread or on a user executor (serialized: at most one drain is scheduled at a time).
 * Frames travel in reused {@link RxSlot}s (a listener's buffer is valid during its call only), so a
 * steady stream allocates nothing per frame.
 */
final class RxDispatcher {
    private static final Logger log = LoggerFactory.getLogger(RxDispatcher.class);

    private final BlockingQueue<RxSlot> queue;
    /**
     * Slots delivered and free again. At most the queue's capacity plus two exist (queued, one being
     * delivered, one being filled): this holds them all; were it ever full, a slot would just be left
     * to the garbage collector.
     */
    private final BlockingQueue<RxSlot> free;
    private final Runnable drain = this::drain;
    private final NicCounters counters;
    private final Executor executor;
    private final ExecutorService ownThread;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Object idle = new Object();
    private volatile FrameListener listener;
    private volatile boolean stopped;
    private volatile Thread drainingThread;
    private final FrameMonitor monitor;

    RxDispatcher(NicOptions options, NicCounters counters, String threadName) {
        this.queue = new ArrayBlockingQueue<>(options.listenerQueueCapacity());
        this.free = new ArrayBlockingQueue<>(options.listenerQueueCapacity() + 2);
        this.counters = counters;
        this.monitor = options.monitor().orElse(null);
        if (options.listenerExecutor().isPresent()) {
            this.executor = options.listenerExecutor().get();
            this.ownThread = null;
        } else {
            this.ownThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
            this.executor = ownThread;
        }
    }

    void listen(FrameListener l) {
        synchronized (idle) {
            if (listener != null) {
                throw new IllegalStateException("this interface already has a listener");
            }
            listener = l;
        }
    }

    /**
     * Queues a copy of the {@code length} bytes of {@code frame} from {@code index} (its indices are not moved).
     *
     * @return false when it was dropped (no listener, queue full, stopped); the drop is counted
     */
    boolean offer(ByteBuf frame, int index, int length) {
        if (listener == null || stopped) {
            counters.rxDropped();
            return false;
        }
        RxSlot slot = free.poll();
        if (slot == null) {
            slot = new RxSlot();
        }
        slot.fill(frame, index, length);
        if (!queue.offer(slot)) {
            free.offer(slot);
            counters.rxDropped();
            return false;
        }
        schedule();
        return true;
    }

    /** Frames waiting for the listener now. */
    int queuedFrames() {
        return queue.size();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                log.warn("listener executor rejected a delivery task; {} queued frames wait for the next frame", queue.size());
            }
        }
    }

    private void drain() {
        drainingThread = Thread.currentThread();
        try {
            RxSlot slot;
            while ((slot = queue.poll()) != null) {
                deliver(slot);
                free.offer(slot);
            }
        } finally {
            drainingThread = null;
            scheduled.set(false);
            synchronized (idle) {
                idle.notifyAll();
            }
            if (!queue.isEmpty()) {
                schedule(); // a frame arrived between the last poll and clearing the flag
            }
        }
    }

    private void deliver(RxSlot slot) {
        // Counted first: whoever the listener wakes must already see the frame in the counters.
        counters.delivered(slot.length());
        if (monitor != null) {
            Monitors.show(monitor, FrameMonitor.Direction.RX, slot.frame());
        }
        try {
            listener.onFrame(slot.frame());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            log.warn("frame listener threw; delivery goes on", e);
        }
    }

    /**
     * Stops accepting frames, waits up to {@code timeout} until every queued frame was delivered and the
     * listener returned, then stops the interface's own thread. Does not wait when called by the
     * listener itself.
     *
     * @return true when everything queued was delivered
     */
    boolean flushAndStop(Duration timeout) {
        stopped = true;
        boolean flushed = Thread.currentThread() == drainingThread || awaitIdle(timeout);
        if (!flushed) {
            log.warn("close: {} frames were not delivered within {}", queue.size(), timeout);
        }
        if (ownThread != null) {
            ownThread.shutdown();
        }
        return flushed;
    }

    private boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (!queue.isEmpty() || scheduled.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    idle.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }
}
