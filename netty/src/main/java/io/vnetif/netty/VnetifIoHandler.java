package io.vnetif.netty;

import io.netty.channel.IoEvent;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;
import io.netty.util.internal.PlatformDependent;
import io.vnetif.netstack.NetStack;
import java.util.HashSet;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link IoHandler} of Netty event loops whose channels live on a {@link NetStack}: what epoll is to Linux's
 * sockets, this is to the stack's. The stack's own thread runs TCP; when a connection or a listener changes
 * (data, room, a handshake, a reset) it queues the channel here and wakes the loop, which then reads, writes or
 * accepts on its own thread. One stack per group; a stack may serve several groups.
 *
 * <pre>{@code
 * EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, VnetifIoHandler.newFactory(stack));
 * new ServerBootstrap().group(group).channel(VnetifServerSocketChannel.class)...
 * }</pre>
 *
 * <p>Threading: Netty runs it on its event loop's thread; the stack's thread only queues and wakes.
 */
public final class VnetifIoHandler implements IoHandler {
    private static final IoEvent READY = new IoEvent() {
    };

    private final NetStack stack;
    private final ThreadAwareExecutor executor;
    /** Registrations the stack told of since the loop last looked; each at most once (its {@code queued} flag). */
    private final Queue<Registration> ready = PlatformDependent.newMpscQueue();
    private final Set<Registration> registrations = new HashSet<>();
    private volatile Thread loopThread;

    private VnetifIoHandler(NetStack stack, ThreadAwareExecutor executor) {
        this.stack = stack;
        this.executor = executor;
    }

    /** Handlers for the loops of a {@code MultiThreadIoEventLoopGroup} whose channels live on {@code stack}. */
    public static IoHandlerFactory newFactory(NetStack stack) {
        Objects.requireNonNull(stack, "stack");
        return executor -> new VnetifIoHandler(stack, executor);
    }

    @Override
    public int run(IoHandlerContext context) {
        if (loopThread == null) {
            loopThread = Thread.currentThread();
        }
        if (ready.isEmpty() && context.canBlock()) {
            // A wake-up between the check and the park leaves a permit: the park returns at once.
            LockSupport.parkNanos(this, context.delayNanos(System.nanoTime()));
        }
        int handled = 0;
        for (int n = ready.size(); n > 0; n--) { // those queued now; later ones on the next run, after Netty's tasks
            Registration r = ready.poll();
            if (r == null) {
                break;
            }
            r.queued.set(false); // before looking: a change from now on queues it again
            if (r.isValid()) {
                r.handle.handle(r, READY);
                handled++;
            }
        }
        return handled;
    }

    @Override
    public void wakeup() {
        if (!executor.isExecutorThread(Thread.currentThread())) {
            Thread t = loopThread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    @Override
    public void prepareToDestroy() {
        for (Registration r : registrations.toArray(new Registration[0])) {
            try {
                r.handle.close();
            } catch (Exception e) {
                // the loop is going away; the channel's own close reports what it must
            }
        }
    }

    @Override
    public IoRegistration register(IoHandle handle) {
        Registration r = new Registration((VnetifIoHandle) handle);
        registrations.add(r);
        handle.registered();
        return r;
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return VnetifIoHandle.class.isAssignableFrom(handleType);
    }

    /** A channel's registration: its attachment is itself, so the channel finds the stack and the waker. */
    final class Registration implements IoRegistration {
        final VnetifIoHandle handle;
        final AtomicBoolean queued = new AtomicBoolean();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        /** The watcher a channel gives its stream: made once, nothing allocated per wake-up. */
        final Runnable waker = this::wake;

        Registration(VnetifIoHandle handle) {
            this.handle = handle;
        }

        NetStack stack() {
            return stack;
        }

        /** Queues the channel for a look on its loop (any thread; the stack's watcher calls it). */
        void wake() {
            if (queued.compareAndSet(false, true)) {
                ready.offer(this);
                if (!executor.isExecutorThread(Thread.currentThread())) {
                    Thread t = loopThread;
                    if (t != null) {
                        LockSupport.unpark(t);
                    }
                }
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T attachment() {
            return (T) this;
        }

        /** Any ops: look at the channel again. */
        @Override
        public long submit(IoOps ops) {
            wake();
            return 0;
        }

        @Override
        public boolean isValid() {
            return !cancelled.get();
        }

        @Override
        public boolean cancel() {
            if (!cancelled.compareAndSet(false, true)) {
                return false;
            }
            if (executor.isExecutorThread(Thread.currentThread())) {
                unregister();
            } else {
                executor.execute(this::unregister);
            }
            return true;
        }

        private void unregister() {
            if (registrations.remove(this)) {
                handle.unregistered();
            }
        }
    }
}
