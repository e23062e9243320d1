package io.vnetif.client;

/** A frame longer than the interface's MTU + 14 bytes; vnetif never truncates silently. */
public final class FrameTooLargeException extends IllegalArgumentException {
    private final int length;
    private final int mtu;

    public FrameTooLargeException(int length, int mtu) {
        super("frame of " + length + " bytes exceeds the MTU of " + mtu + " (at most " + (mtu + 14)
                + " bytes with the Ethernet header)");
        this.length = length;
        this.mtu = mtu;
    }

    /** The frame's length. */
    public int length() {
        return length;
    }

    /** The interface's MTU. */
    public int mtu() {
        return mtu;
    }
}
