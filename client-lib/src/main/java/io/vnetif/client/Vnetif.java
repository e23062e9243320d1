package io.vnetif.client;

import io.vnetif.api.MacAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A virtual Ethernet interface attached to one network of a {@link VirtualSwitch}: the JVM's
 * counterpart of MirageOS's {@code Mirage_net} / {@code Vnetif}.
 *
 * <p>Frames are Ethernet II frames without FCS: destination MAC, source MAC, EtherType, payload; at
 * least 14 and at most {@link #mtu()} + 14 bytes. The same code runs on the in-process switch and on a
 * remote switch.
 *
 * <p>Thread safety: every method may be called from any thread. Listener callbacks run in arrival order
 * on one thread per interface (or the executor given in {@link NicOptions#listenerExecutor}).
 */
public interface Vnetif extends AutoCloseable {
    /** This interface's MAC address (fixed for its life, also across re-attaches). */
    MacAddress mac();

    /** Largest payload a frame may carry; frames may be up to {@code mtu() + 14} bytes long. */
    int mtu();

    /**
     * Sends the frame between {@code frame}'s position and limit (the buffer's position is not moved).
     * When the link is down (the remote switch is restarting), the frame is dropped and counted in
     * {@link NicStats#txDropped()}, like a NIC without carrier.
     *
     * @throws FrameTooLargeException    when the frame is longer than {@code mtu() + 14} bytes
     *                                   (never silently truncated)
     * @throws IllegalArgumentException  when it is shorter than 14 bytes, or its source MAC is not
     *                                   {@link #mac()} and the interface was not attached with
     *                                   {@link NicOptions#allowForeignSourceMacs}
     * @throws InterfaceClosedException  after {@link #close()}
     */
    void write(ByteBuffer frame);

    /**
     * Sends a frame that {@code filler} writes into a buffer of {@code maxLength} bytes, saving the
     * caller an allocation. The filler returns the frame's real length (at most {@code maxLength}).
     * Do not call {@code write} from inside the filler.
     *
     * @throws FrameTooLargeException when {@code maxLength} exceeds {@code mtu() + 14}
     * @see #write(ByteBuffer) for the other exceptions
     */
    void write(int maxLength, FrameFiller filler);

    /**
     * Starts delivering received frames to {@code listener}. Until it is called, received frames are
     * dropped and counted in {@link NicStats#rxDropped()}.
     *
     * @throws IllegalStateException when a listener is already set
     */
    void listen(FrameListener listener);

    /** Counters since attach or the last {@link #resetStats()}. */
    NicStats stats();

    /** Sets every counter to zero. */
    void resetStats();

    /** Whether frames can flow now. */
    LinkState state();

    /**
     * Calls {@code listener} on every change of {@link #state()} (from an internal thread; keep it
     * short).
     */
    void onStateChange(Consumer<LinkState> listener);

    /**
     * Detaches from the switch, then waits until every frame received before that has been handed to
     * the listener and the listener has returned (MirageOS's {@code unregister_and_flush}), at most
     * {@link NicOptions#closeTimeout}. Idempotent. Called from inside a listener callback it does not
     * wait (it cannot).
     */
    @Override
    void close();
}
