package io.vnetif.cli;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A Linux TAP device opened through /dev/net/tun (JNA for open, ioctl, read, write, close): whole
 * Ethernet frames in and out, no packet-information header. The TUNSETIFF value is that of x86 and
 * ARM (other architectures encode ioctl numbers differently).
 */
final class TapDevice implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TAP = 0x0002;
    private static final short IFF_NO_PI = 0x1000;
    private static final int IFNAMSIZ = 16;
    private static final int IFREQ_SIZE = 40;
    private static final int EPERM = 1;
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int EBUSY = 16;

    /** The C library calls used, with errno turned into {@link LastErrorException}. */
    interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int ioctl(int fd, NativeLong request, byte[] ifreq) throws LastErrorException;

        NativeLong read(int fd, Pointer buffer, NativeLong count) throws LastErrorException;

        NativeLong write(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final LibC LIBC = Native.load("c", LibC.class);

    private static final int MAX_FRAME = 65536;

    private final int fd;
    private final String name;
    /** Native memory read into directly: a byte[] would make JNA copy 64 KiB both ways per frame. */
    private final Memory readBuffer = new Memory(MAX_FRAME);

    private TapDevice(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    /**
     * Opens (creating if needed) the TAP device {@code name}.
     *
     * @throws IllegalStateException saying what is missing (CAP_NET_ADMIN, the tun module, a free name)
     */
    static TapDevice open(String name) {
        if (name.getBytes(StandardCharsets.US_ASCII).length >= IFNAMSIZ) {
            throw new IllegalArgumentException("device name '" + name + "' is longer than " + (IFNAMSIZ - 1) + " characters");
        }
        int fd;
        try {
            fd = LIBC.open("/dev/net/tun", O_RDWR);
        } catch (LastErrorException e) {
            throw new IllegalStateException(e.getErrorCode() == ENOENT
                    ? "/dev/net/tun does not exist (load the tun module: modprobe tun)"
                    : "cannot open /dev/net/tun: " + describe(e), e);
        }
        byte[] ifreq = new byte[IFREQ_SIZE];
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(nameBytes, 0, ifreq, 0, nameBytes.length);
        ByteBuffer.wrap(ifreq).order(ByteOrder.nativeOrder()).putShort(IFNAMSIZ, (short) (IFF_TAP | IFF_NO_PI));
        try {
            LIBC.ioctl(fd, new NativeLong(TUNSETIFF), ifreq);
        } catch (LastErrorException e) {
            LIBC.close(fd);
            throw new IllegalStateException("cannot create TAP device " + name + ": " + describe(e), e);
        }
        int end = 0;
        while (end < IFNAMSIZ && ifreq[end] != 0) {
            end++;
        }
        return new TapDevice(fd, new String(ifreq, 0, end, StandardCharsets.US_ASCII));
    }

    private static String describe(LastErrorException e) {
        return switch (e.getErrorCode()) {
            case EPERM, EACCES -> "permission denied: a TAP device needs CAP_NET_ADMIN (run as root, or setcap cap_net_admin)";
            case EBUSY -> "device busy (another process holds it)";
            default -> "errno " + e.getErrorCode() + " (" + e.getMessage() + ")";
        };
    }

    String name() {
        return name;
    }

    /**
     * Blocks until the kernel sends a frame; returns it as a view of native memory, valid until the
     * next read.
     */
    ByteBuffer read() {
        int length = LIBC.read(fd, readBuffer, new NativeLong(MAX_FRAME)).intValue();
        return readBuffer.getByteBuffer(0, length);
    }

    /** Hands one frame to the kernel. */
    void write(byte[] frame, int length) {
        LIBC.write(fd, frame, new NativeLong(length));
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }
}
