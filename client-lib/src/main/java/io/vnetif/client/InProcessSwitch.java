package io.vnetif.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vnetif.api.DropReason;
import io.vnetif.api.ImpairmentOutcome;
import io.vnetif.api.MacAddress;
import io.vnetif.core.ControlException;
import io.vnetif.core.SwitchEngine;
import io.vnetif.core.SwitchLimits;
import io.vnetif.core.impair.ImpairmentRule;
import io.vnetif.core.impair.ImpairmentSpec;
import io.vnetif.core.port.Port;
import io.vnetif.wire.Ethernet;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The switch inside this JVM: the same forwarding engine as the server, driven by the writers' threads
 * under one lock (the engine's threading rule). Delivery copies each frame into the receiving
 * interface's listener queue, so listeners never run under the lock and may write back freely. Frames
 * held by impairments come back on one timer thread, under the same lock.
 */
final class InProcessSwitch extends AbstractVirtualSwitch {
    private final Object lock = new Object();
    /** The frame being sent, copied, so the engine gets a ByteBuf without one being made per frame; under the lock. */
    private final ByteBuf sending = Unpooled.buffer(Ethernet.MAX_MTU + Ethernet.HEADER_LENGTH);
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "vnetif-in-process-timer");
        t.setDaemon(true);
        return t;
    });
    // No attach rate limit: it protects a shared server from its clients; here the only client is this JVM. No sharing of
    // the engine's thread between networks either: there is no such thread, each writer forwards its own frames under the lock.
    private final SwitchEngine engine = new SwitchEngine(SwitchLimits.DEFAULTS.withAttachesPerSecond(0).withNetworkMaxShare(1), System::nanoTime,
            new SplittableRandom(new SecureRandom().nextLong()), this::scheduleHeld);

    private void scheduleHeld(Runnable task, long delayNanos) {
        timer.schedule(() -> {
            synchronized (lock) {
                task.run();
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public Vnetif attach(NicOptions options) {
        NicCounters counters = new NicCounters();
        RxDispatcher rx = new RxDispatcher(options, counters, "vnetif-rx-" + options.network());
        Nic nic;
        synchronized (lock) {
            try {
                if (nics.isClosed()) {
                    throw new IllegalStateException("this in-process switch is closed");
                }
                Port port = engine.attach(options.network(), options.portSpec(),
                        frame -> rx.offer(frame, frame.readerIndex(), frame.readableBytes()) ? null : DropReason.SEND_FAILED);
                nic = new Nic(port, options, counters, rx);
            } catch (ControlException e) {
                rx.flushAndStop(Duration.ZERO);
                throw refused(e);
            } catch (RuntimeException e) {
                rx.flushAndStop(Duration.ZERO);
                throw e;
            }
        }
        nics.add(nic, "this in-process switch");
        return nic;
    }

    private static AttachRefusedException refused(ControlException e) {
        return Refusals.attach(e.refusal(), "attach refused by this in-process switch: " + e.getMessage());
    }

    @Override
    public void close() {
        nics.closeAll();
        timer.shutdownNow();
    }

    // ---- impairments, on the engine under the lock ----

    @Override
    public RuleInfo addImpairment(String network, ImpairmentSpec spec) {
        ImpairmentRule rule = control(() -> engine.addImpairment(network, spec));
        return new RuleInfo(rule.id(), rule.network(), rule.spec().seed(), rule.spec().description());
    }

    @Override
    public boolean removeImpairment(long id) {
        try {
            control(() -> {
                engine.removeImpairment(id);
                return null;
            });
            return true;
        } catch (IllegalArgumentException e) {
            return false; // already gone
        }
    }

    @Override
    public Map<ImpairmentOutcome, Long> impairmentCounts(long id) {
        return control(() -> engine.impairments(null).stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no impairment rule " + id + " (removed?)")).counts());
    }

    @Override
    public void setPartition(String network, List<List<MacAddress>> groups) {
        control(() -> {
            engine.partition(network, groups);
            return null;
        });
    }

    @Override
    public void setCut(String network, MacAddress from, MacAddress to, boolean cut) {
        control(() -> {
            if (cut) {
                engine.cut(network, from, to);
            } else if (engine.network(network) != null) {
                try {
                    engine.uncut(network, from, to);
                } catch (ControlException e) {
                    // not cut (any more): nothing to restore
                }
            }
            return null;
        });
    }

    @Override
    public void heal(String network) {
        control(() -> {
            engine.heal(network);
            return null;
        });
    }

    @Override
    public int clearImpairments(String network) {
        return control(() -> engine.clearImpairments(network));
    }

    /** Runs an engine control call under the lock; refusals become the exceptions the API documents. */
    private <T> T control(Supplier<T> call) {
        synchronized (lock) {
            try {
                return call.get();
            } catch (ControlException e) {
                throw Refusals.control(e.refusal(), e.getMessage());
            }
        }
    }

    /** An interface on the in-process switch. */
    private final class Nic extends AbstractNic {
        private final Port port;

        Nic(Port port, NicOptions options, NicCounters counters, RxDispatcher rx) {
            super(port.mac(), port.mtu(), options, counters, rx);
            this.port = port;
        }

        @Override
        protected boolean transmit(ByteBuffer frame) {
            synchronized (lock) {
                if (!port.isAttached()) {
                    return false;
                }
                int position = frame.position();
                int length = frame.remaining();
                sending.setBytes(0, frame);
                frame.position(position);
                engine.ingress(port, sending.setIndex(0, length)); // sinks copy what they keep (FrameSink)
                return true;
            }
        }

        @Override
        protected void detach() {
            synchronized (lock) {
                engine.detach(port);
            }
            nics.remove(this);
        }
    }
}
