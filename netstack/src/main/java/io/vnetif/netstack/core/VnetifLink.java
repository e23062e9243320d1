package io.vnetif.netstack.core;

import io.vnetif.client.Vnetif;
import io.vnetif.netstack.iface.Link;
import java.nio.ByteBuffer;

/**
 * The link of a stack on a {@link Vnetif}: frames leave through {@link Vnetif#write(ByteBuffer)}, which
 * copies them, so the stack's buffers are reused at once. The stack transmits from a few buffers of its
 * own; each gets one {@link ByteBuffer} view, made once, so sending allocates nothing per frame.
 */
public final class VnetifLink implements Link {
    private final Vnetif nic;
    private byte[] viewed;
    private ByteBuffer view;

    public VnetifLink(Vnetif nic) {
        this.nic = nic;
    }

    @Override
    public long mac() {
        return nic.mac().toLong();
    }

    @Override
    public int mtu() {
        return nic.mtu();
    }

    @Override
    public void transmit(byte[] frame, int length) {
        if (frame != viewed) {
            viewed = frame;
            view = ByteBuffer.wrap(frame);
        }
        view.clear().limit(length);
        nic.write(view);
    }
}
