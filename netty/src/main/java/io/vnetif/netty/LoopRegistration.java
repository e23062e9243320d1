package io.vnetif.netty;

import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.vnetif.netstack.NetStack;

/**
 * A vnetif channel's place on its event loop: registers the channel's unsafe with the loop's
 * {@link VnetifIoHandler}, and gives the channel the loop's stack and the waker its stream's watcher calls.
 * Confined to the channel's event loop.
 */
final class LoopRegistration {
    private IoRegistration registration;
    private VnetifIoHandler.Registration own;

    /** Whether {@code loop} runs a {@link VnetifIoHandler} (a channel may register only there). */
    static boolean compatible(EventLoop loop, Class<? extends VnetifIoHandle> handle) {
        return loop instanceof IoEventLoop l && l.isCompatible(handle);
    }

    /** Registers {@code handle}; runs {@code registered} (which may throw to fail the promise) and completes {@code promise}. */
    void register(EventLoop loop, VnetifIoHandle handle, ChannelPromise promise, ThrowingRunnable registered) {
        ((IoEventLoop) loop).register(handle).addListener(f -> {
            if (!f.isSuccess()) {
                promise.setFailure(f.cause());
                return;
            }
            registration = (IoRegistration) f.getNow();
            own = registration.attachment();
            try {
                registered.run();
                promise.setSuccess();
            } catch (Exception e) {
                promise.setFailure(e);
            }
        });
    }

    void deregister() {
        IoRegistration r = registration;
        if (r != null) {
            registration = null;
            r.cancel();
        }
    }

    boolean isRegistered() {
        return registration != null;
    }

    /** The stack of the loop (null before registration). */
    NetStack stack() {
        return own == null ? null : own.stack();
    }

    /** What a stream's or a listener's watcher runs: the channel is looked at on its loop. */
    Runnable waker() {
        return own.waker;
    }

    /** Has the loop look at the channel soon (after what it is doing now). */
    void wake() {
        if (own != null && registration != null) {
            own.wake();
        }
    }

    /** A step of registration that may fail. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
