package io.vnetif.server.io.linux;

/**
 * The Linux errno values the data plane tells apart, in one place (x86-64 and AArch64 share them). Netty
 * reports them negated in its native exceptions.
 */
public final class Errno {
    /** Interrupted by a signal: try again. */
    public static final int EINTR = 4;
    /** An I/O error: for a segmented send, the device cannot segment it. */
    public static final int EIO = 5;
    /** Not an open descriptor. */
    public static final int EBADF = 9;
    /** Would block: the socket's buffer is full (sends) or empty (receives). */
    public static final int EAGAIN = 11;
    /** Invalid argument: for a segmented send, a segment longer than the path MTU. */
    public static final int EINVAL = 22;
    /** Message too long: for a segmented send, more than the kernel segments at once. */
    public static final int EMSGSIZE = 90;
    /** The socket's family cannot name the recipient (an IPv6 recipient on an IPv4 socket). */
    public static final int EAFNOSUPPORT = 97;
    /** Network unreachable. */
    public static final int ENETUNREACH = 101;
    /** No buffer space: the kernel's queue for the device is full. */
    public static final int ENOBUFS = 105;

    private Errno() {
    }
}
