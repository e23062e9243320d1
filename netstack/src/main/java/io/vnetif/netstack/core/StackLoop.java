package io.vnetif.netstack.core;

import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.tcp.TcpConnection;
import io.vnetif.netstack.udp.UdpEndpoint;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The one thread that owns a {@link Stack}: it takes the frames the NIC delivers (copied into pooled
 * buffers: nothing allocated per frame), the connections and endpoints sockets asked it to look at, and
 * the commands they submitted, runs the timers that fell due, and sleeps until the next timer or the next
 * wake-up. Every protocol state change happens here; sockets only touch buffers under their locks.
 */
public final class StackLoop implements AutoCloseable {
    /** A received frame waiting for the loop. */
    private static final class Frame {
        final byte[] data;
        int length;

        Frame(int size) {
            this.data = new byte[size];
        }
    }

    private final Stack stack;
    private final Thread thread;
    private final ArrayBlockingQueue<Frame> inbound;
    private final ArrayBlockingQueue<Frame> free;
    private final Object queues = new Object();
    private final ArrayDeque<Runnable> commands = new ArrayDeque<>();
    private final ArrayDeque<TcpConnection> kickedConnections = new ArrayDeque<>();
    private final ArrayDeque<UdpEndpoint> kickedEndpoints = new ArrayDeque<>();
    private final AtomicLong inputDrops = new AtomicLong();
    private volatile boolean running = true;

    /**
     * @param frames    frames that may wait for the loop; more are dropped and counted
     * @param frameSize the largest frame (MTU + 14)
     */
    public StackLoop(Stack stack, String name, int frames, int frameSize) {
        this.stack = stack;
        this.inbound = new ArrayBlockingQueue<>(frames);
        this.free = new ArrayBlockingQueue<>(frames);
        for (int i = 0; i < frames; i++) {
            free.add(new Frame(frameSize));
        }
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Whether the caller is the loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** A frame from the NIC (its listener's thread): copied and queued, or counted as dropped when the queue is full. */
    public void frameArrived(ByteBuffer frame) {
        Frame f = free.poll();
        if (f == null || frame.remaining() > f.data.length) {
            if (f != null) {
                free.add(f);
            }
            inputDrops.incrementAndGet();
            return;
        }
        f.length = frame.remaining();
        frame.get(frame.position(), f.data, 0, f.length);
        inbound.add(f);
        LockSupport.unpark(thread);
    }

    /** A socket wrote to or read from {@code c}: the loop sends what may go now (window updates included). */
    public void kick(TcpConnection c) {
        if (c.requestService()) {
            synchronized (queues) {
                kickedConnections.add(c);
            }
            LockSupport.unpark(thread);
        }
    }

    /** A socket queued datagrams on {@code e}: the loop sends them. */
    public void kick(UdpEndpoint e, boolean needed) {
        if (needed) {
            synchronized (queues) {
                kickedEndpoints.add(e);
            }
            LockSupport.unpark(thread);
        }
    }

    /** Runs {@code command} on the loop, later. */
    public void execute(Runnable command) {
        synchronized (queues) {
            commands.add(command);
        }
        LockSupport.unpark(thread);
    }

    /**
     * Runs {@code command} on the loop and waits for its result; its exception is rethrown (wrapped by
     * {@code wrap} when it is checked).
     */
    public <T, E extends Exception> T call(Callable<T> command, Function<Throwable, E> wrap) throws E {
        if (inLoop()) {
            try {
                return command.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw wrap.apply(e);
            }
        }
        FutureTask<T> task = new FutureTask<>(command);
        if (!running) {
            throw wrap.apply(new IllegalStateException("the stack is closed"));
        }
        execute(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw wrap.apply(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw wrap.apply(e.getCause());
        }
    }

    private void run() {
        while (running) {
            work();
            if (!running) {
                break;
            }
            long deadline = stack.nextDeadline();
            long now = stack.now();
            if (hasWork()) {
                continue;
            }
            if (deadline == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else if (deadline - now > 0) {
                LockSupport.parkNanos(this, deadline - now);
            }
        }
        drainCommands(); // a close's own command, and anything submitted meanwhile, still runs
    }

    private boolean hasWork() {
        if (!inbound.isEmpty()) {
            return true;
        }
        synchronized (queues) {
            return !commands.isEmpty() || !kickedConnections.isEmpty() || !kickedEndpoints.isEmpty();
        }
    }

    private void work() {
        long drops = inputDrops.getAndSet(0);
        if (drops > 0) {
            stack.counters().add(Counter.DROP_INPUT_QUEUE_FULL, drops);
        }
        Frame f;
        while ((f = inbound.poll()) != null) {
            try {
                stack.receive(f.data, f.length);
            } catch (RuntimeException e) {
                LoopErrors.report(e); // a bug must not end the loop: the frame is lost, the stack goes on
            } finally {
                free.add(f);
            }
        }
        drainCommands();
        long now = stack.now();
        while (true) {
            TcpConnection c;
            synchronized (queues) {
                c = kickedConnections.poll();
            }
            if (c == null) {
                break;
            }
            try {
                stack.tcp().serve(c, false, now);
            } catch (RuntimeException e) {
                LoopErrors.report(e);
            }
        }
        while (true) {
            UdpEndpoint e;
            synchronized (queues) {
                e = kickedEndpoints.poll();
            }
            if (e == null) {
                break;
            }
            stack.udp().drain(e);
        }
        try {
            stack.advance();
        } catch (RuntimeException e) {
            LoopErrors.report(e);
        }
    }

    private void drainCommands() {
        while (true) {
            Runnable r;
            synchronized (queues) {
                r = commands.poll();
            }
            if (r == null) {
                return;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                LoopErrors.report(e);
            }
        }
    }

    /** Runs {@code last} on the loop, then ends it and waits for its thread. */
    public void close(Runnable last) {
        if (!running) {
            return;
        }
        execute(() -> {
            last.run();
            running = false;
        });
        if (!inLoop()) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(() -> {
        });
    }
}
