package io.vnetif.client;

import io.vnetif.api.MacAddress;
import io.vnetif.wire.Ethernet;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every backend shares: argument checks on write, counters, listener delivery, link state and the
 * close sequence. A backend supplies {@link #transmit} and {@link #detach}.
 */
abstract class AbstractNic implements Vnetif {
    private static final Logger log = LoggerFactory.getLogger(AbstractNic.class);

    private final MacAddress mac;
    private final int mtu;
    private final NicOptions options;
    protected final NicCounters counters;
    protected final RxDispatcher rx;
    private final ByteBuffer fillBuffer;
    private final FrameMonitor monitor;
    private final List<Consumer<LinkState>> stateListeners = new CopyOnWriteArrayList<>();
    private volatile LinkState state = LinkState.UP;

    AbstractNic(MacAddress mac, int mtu, NicOptions options, NicCounters counters, RxDispatcher rx) {
        this.mac = mac;
        this.mtu = mtu;
        this.options = options;
        this.counters = counters;
        this.rx = rx;
        this.fillBuffer = ByteBuffer.allocate(mtu + Ethernet.HEADER_LENGTH);
        this.monitor = options.monitor().orElse(null);
    }

    /**
     * Sends a checked frame (position to limit; must not move the position).
     *
     * @return false when the frame could not be sent (link down, socket refused): counted as a tx drop
     */
    protected abstract boolean transmit(ByteBuffer frame);

    /** Leaves the switch: no frame is delivered after it returns; releases the transport. */
    protected abstract void detach();

    @Override
    public MacAddress mac() {
        return mac;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public void write(ByteBuffer frame) {
        ensureOpen();
        int length = frame.remaining();
        if (length < Ethernet.HEADER_LENGTH) {
            throw new IllegalArgumentException("frame of " + length + " bytes is shorter than the 14-byte Ethernet header");
        }
        if (length > mtu + Ethernet.HEADER_LENGTH) {
            throw new FrameTooLargeException(length, mtu);
        }
        if (!options.allowForeignSourceMacs()) {
            long source = 0;
            for (int i = 0; i < 6; i++) { // byte by byte: the caller's buffer may be little-endian
                source = (source << 8) | (frame.get(frame.position() + Ethernet.SOURCE_OFFSET + i) & 0xFF);
            }
            if (source != mac.toLong()) {
                throw new IllegalArgumentException("source MAC " + MacAddress.fromLong(source) + " is not this interface's MAC "
                        + mac + " (attach with allowForeignSourceMacs to send for other stations)");
            }
        }
        if (transmit(frame)) {
            counters.sent(length);
            if (monitor != null) {
                Monitors.show(monitor, FrameMonitor.Direction.TX, frame.asReadOnlyBuffer());
            }
        } else {
            counters.txDropped();
        }
    }

    @Override
    public void write(int maxLength, FrameFiller filler) {
        ensureOpen();
        if (maxLength > mtu + Ethernet.HEADER_LENGTH) {
            throw new FrameTooLargeException(maxLength, mtu);
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("negative frame length " + maxLength);
        }
        synchronized (fillBuffer) {
            fillBuffer.clear().limit(maxLength);
            int length = filler.fill(fillBuffer);
            if (length < 0 || length > maxLength) {
                throw new IllegalArgumentException("filler returned length " + length + ", want 0.." + maxLength);
            }
            fillBuffer.limit(length).position(0);
            write(fillBuffer);
        }
    }

    @Override
    public void listen(FrameListener listener) {
        ensureOpen();
        rx.listen(listener);
    }

    @Override
    public NicStats stats() {
        return counters.snapshot();
    }

    @Override
    public void resetStats() {
        counters.reset();
    }

    @Override
    public LinkState state() {
        return state;
    }

    @Override
    public void onStateChange(Consumer<LinkState> listener) {
        stateListeners.add(listener);
    }

    /** Records a new state and tells the listeners; CLOSED is final. */
    protected void setState(LinkState next) {
        if (transition(next)) {
            announce(next);
        }
    }

    /** Atomically moves to {@code next}; false when already there or closed. */
    private boolean transition(LinkState next) {
        synchronized (stateListeners) {
            if (state == next || state == LinkState.CLOSED) {
                return false;
            }
            state = next;
            return true;
        }
    }

    private void announce(LinkState next) {
        for (Consumer<LinkState> l : stateListeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                log.warn("link state listener threw", e);
            }
        }
    }

    protected boolean isClosed() {
        return state == LinkState.CLOSED;
    }

    protected NicOptions options() {
        return options;
    }

    private void ensureOpen() {
        if (state == LinkState.CLOSED) {
            throw new InterfaceClosedException("interface " + mac + " is closed");
        }
    }

    @Override
    public void close() {
        if (!transition(LinkState.CLOSED)) {
            return; // closed already, or being closed by another thread
        }
        announce(LinkState.CLOSED);
        detach();
        rx.flushAndStop(options.closeTimeout());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + mac + " on " + options.network() + ", " + state + ")";
    }
}
