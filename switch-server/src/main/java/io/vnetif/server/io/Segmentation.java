package io.vnetif.server.io;

import io.netty.channel.unix.Errors;
import io.vnetif.server.io.linux.Errno;
import io.vnetif.text.HostPort;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether datagrams for one recipient still leave as segmented sends (UDP GSO), and what happened to
 * those sends. On when asked for and the kernel can; off for good once the kernel refuses to segment
 * (EINVAL: a path MTU below the segment size; EIO, EMSGSIZE; no UDP_SEGMENT at all), logged once.
 * Confined to the data-plane loop.
 */
public final class Segmentation {
    private static final Logger log = LoggerFactory.getLogger(Segmentation.class);

    private boolean enabled;
    private long sends;
    private long datagrams;
    private long resent;

    public Segmentation(boolean enabled) {
        this.enabled = enabled;
    }

    /** Whether datagrams are still collected into segmented sends. */
    public boolean enabled() {
        return enabled;
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
     * sent again one by one. Stops segmenting when the refusal says the kernel cannot.
     */
    void refused(int segments, InetSocketAddress to, Object socket, Throwable cause) {
        resent += segments;
        if (enabled && cannotSegment(cause)) {
            enabled = false;
            log.warn("the kernel refused a segmented UDP send (GSO) of {} datagrams to {} on {} ({}); sending one datagram "
                    + "per send from now on", segments, HostPort.format(to), socket, cause.toString());
        }
    }

    private static boolean cannotSegment(Throwable cause) {
        if (cause instanceof UnsupportedOperationException) {
            return true;
        }
        // Netty reports errno negated.
        return cause instanceof Errors.NativeIoException && cannotSegment(-((Errors.NativeIoException) cause).expectedErr());
    }

    /** Whether a refusal with {@code errno} says the kernel cannot segment this send (rather than cannot send it). */
    static boolean cannotSegment(int errno) {
        return errno == Errno.EINVAL || errno == Errno.EIO || errno == Errno.EMSGSIZE;
    }
}
