package io.vnetif.server.io.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.ByteOrder;

/**
 * The C library calls of the direct receive and send paths, bound with JNA's direct mapping: primitive arguments
 * only, so a call allocates nothing (errno is read with {@link Native#getLastError()}, not thrown as an
 * exception, for the same reason). Structures are laid out by {@link MessageVector} for LP64
 * little-endian Linux (x86-64, AArch64); {@link #unavailableReason()} says why the calls cannot be used
 * elsewhere.
 */
public final class LinuxCalls {
    public static final int MSG_DONTWAIT = 0x40;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    private static final String UNAVAILABLE = probe();

    private LinuxCalls() {
    }

    private static String probe() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return "not Linux";
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN || Native.POINTER_SIZE != 8) {
            return "not a 64-bit little-endian machine";
        }
        try {
            Native.register(LinuxCalls.class, NativeLibrary.getInstance("c"));
            return null;
        } catch (LinkageError | RuntimeException e) {
            return "JNA cannot bind the C library: " + e;
        }
    }

    /** Why these calls cannot be made here, or {@code null} when they can. */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** {@code recvmmsg(2)}; {@code msgvec} is the address of a {@code struct mmsghdr} array, {@code timeout} a pointer (0: none). */
    public static native int recvmmsg(int fd, long msgvec, int vlen, int flags, long timeout);

    /** {@code sendmmsg(2)}; {@code msgvec} is the address of a {@code struct mmsghdr} array. */
    public static native int sendmmsg(int fd, long msgvec, int vlen, int flags);

    /** {@code getsockname(2)}; {@code addr} and {@code addrlen} are addresses of native memory. */
    public static native int getsockname(int fd, long addr, long addrlen);

    /** {@code fcntl(2)} with an int argument. */
    public static native int fcntl(int fd, int cmd, int arg);

    /** {@code fcntl} command: duplicate onto the lowest free descriptor with close-on-exec set. */
    public static final int F_DUPFD_CLOEXEC = 1030;

    /** The errno of this thread's last call through JNA. */
    public static int errno() {
        return Native.getLastError(); // one of Errno's, or another
    }
}
