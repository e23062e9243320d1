package io.vnetif.client;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vnetif.core.ControlException;
import io.vnetif.core.DropReason;
import io.vnetif.core.Port;
import io.vnetif.core.SwitchEngine;
import io.vnetif.core.SwitchLimits;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The switch inside this JVM: the same forwarding engine as the server, driven by the writers' threads
 * under one lock (the engine's threading rule). Delivery copies each frame into the receiving
 * interface's listener queue, so listeners never run under the lock and may write back freely.
 */
final class InProcessSwitch implements VirtualSwitch {
    private final Object lock = new Object();
    private final SwitchEngine engine = new SwitchEngine(SwitchLimits.DEFAULTS, System::nanoTime,
            new SplittableRandom(new SecureRandom().nextLong()));
    private final NicRegistry nics = new NicRegistry();

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
                        frame -> rx.offer(ByteBufUtil.getBytes(frame)) ? null : DropReason.SEND_FAILED);
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
        AttachRefusedException.Reason reason;
        switch (e.code()) {
            case INVALID_ARGUMENT: reason = AttachRefusedException.Reason.INVALID_ARGUMENT; break;
            case ALREADY_EXISTS: reason = AttachRefusedException.Reason.ALREADY_EXISTS; break;
            case RESOURCE_EXHAUSTED: reason = AttachRefusedException.Reason.RESOURCE_EXHAUSTED; break;
            default: reason = AttachRefusedException.Reason.OTHER; break;
        }
        return new AttachRefusedException(reason, "attach refused: " + e.getMessage());
    }

    @Override
    public void close() {
        nics.closeAll();
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
                engine.ingress(port, Unpooled.wrappedBuffer(frame.duplicate()));
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
