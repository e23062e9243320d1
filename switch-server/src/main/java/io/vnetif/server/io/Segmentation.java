package io.vnetif.server.io;

import io.netty.channel.unix.Errors;
import io.vnetif.server.io.linux.Errno;
import io.vnetif.text.HostPort;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether datagrams for a recipient still leave as segmented sends (UDP GSO), and what happened to
 * those sends. On when asked for and the kernel can. A refusal to segment (EINVAL: a path MTU below the
 * segment size, or a recipient the kernel will not send to; EIO, EMSGSIZE) is a fact about the path to
 * one recipient, so it stops segmenting for that recipient only — one port's bad endpoint must not cost
 * every other port its segmented sends. Only a kernel without UDP_SEGMENT at all turns it off for all.
 * The recipients refused are remembered up to {@value #MAX_REFUSED_RECIPIENTS}, the oldest forgotten first
 * (a forgotten one is tried once more, and its datagrams are sent again one by one: nothing is lost).
 * Confined to the data-plane loop.
 */
public final class Segmentation {
    private static final Logger log = LoggerFactory.getLogger(Segmentation.class);
    /** Recipients remembered as refusing segmented sends: bounded, so no sender can grow it without limit. */
    static final int MAX_REFUSED_RECIPIENTS = 4096;
    /** Refusals logged at most this often (the first one, then a count). */
    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    private boolean enabled;
    private final Map<InetSocketAddress, Boolean> refusedRecipients = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Boolean> eldest) {
            return size() > MAX_REFUSED_RECIPIENTS;
        }
    };
    private long sends;
    private long datagrams;
    private long resent;
    private long lastLogNanos;
    private long unloggedRefusals;

    public Segmentation(boolean enabled) {
        this.enabled = enabled;
    }

    /** Whether segmented sends are in use at all (asked for, and the kernel has UDP_SEGMENT). */
    public boolean enabled() {
        return enabled;
    }

    /** Whether datagrams for {@code to} are still collected into segmented sends. Allocates nothing. */
    public boolean segments(InetSocketAddress to) {
        return enabled && (refusedRecipients.isEmpty() || !refusedRecipients.containsKey(to));
    }

    /** Recipients segmented sends stopped for (the kernel refused to segment for them). */
    public int refusedRecipients() {
        return refusedRecipients.size();
    }

    /** Segmented sends handed to the kernel. */
    public long sends() {
        return sends;
    }

    /** Datagrams in those sends. */
    public long datagrams() {
        return datagrams;
    }

    /** Datagrams of refused segmented sends, sent again one by one. */
    public long resent() {
        return resent;
    }

    /** A segmented send of {@code segments} datagrams was handed over. */
    void sending(int segments) {
        sends++;
        datagrams += segments;
    }

    /**
     * The kernel refused a segmented send of {@code segments} datagrams to {@code to}; its datagrams are
     * sent again one by one. Stops segmenting for {@code to} when the refusal says the kernel cannot
     * segment for it, for everyone when the kernel cannot segment at all.
     */
    void refused(int segments, InetSocketAddress to, Object socket, Throwable cause) {
        resent += segments;
        if (cause instanceof UnsupportedOperationException) {
            if (enabled) {
                enabled = false;
                log.warn("this kernel cannot send segmented UDP (GSO): {}; sending one datagram per send from now on", cause.toString());
            }
            return;
        }
        if (enabled && cannotSegment(cause) && refusedRecipients.put(to, Boolean.TRUE) == null) {
            long now = System.nanoTime();
            if (lastLogNanos != 0 && now - lastLogNanos < LOG_INTERVAL_NANOS) {
                unloggedRefusals++;
                return;
            }
            log.warn("the kernel refused a segmented UDP send (GSO) of {} datagrams to {} on {} ({}); sending one datagram "
                    + "per send to that recipient from now on{}", segments, HostPort.format(to), socket, cause.toString(),
                    unloggedRefusals == 0 ? "" : " (and to " + unloggedRefusals + " more recipients since the last report)");
            lastLogNanos = now;
            unloggedRefusals = 0;
        }
    }

    private static boolean cannotSegment(Throwable cause) {
        // Netty reports errno negated.
        return cause instanceof Errors.NativeIoException && cannotSegment(-((Errors.NativeIoException) cause).expectedErr());
    }

    /** Whether a refusal with {@code errno} says the kernel cannot segment this send (rather than cannot send it). */
    static boolean cannotSegment(int errno) {
        return errno == Errno.EINVAL || errno == Errno.EIO || errno == Errno.EMSGSIZE;
    }
}
