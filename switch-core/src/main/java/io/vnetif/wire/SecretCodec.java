package io.vnetif.wire;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import java.net.InetSocketAddress;

/** Plain datagrams: FRAME and HELLO, authenticated by the port's 64-bit secret in every header. */
public final class SecretCodec implements PortCodec {
    private final long secret;

    public SecretCodec(long secret) {
        this.secret = secret;
    }

    @Override
    public void write(ByteBuf out, int portId, ByteBuf frame) {
        if (frame == null) {
            DatagramHeader.write(out, DatagramHeader.TYPE_HELLO, portId, secret);
        } else {
            DatagramHeader.write(out, DatagramHeader.TYPE_FRAME, portId, secret);
            FrameBytes.append(out, frame);
        }
    }

    @Override
    public DropReason open(ByteBuf datagram, SenderCheck check, InetSocketAddress sender) {
        if (DatagramHeader.isSealed(DatagramHeader.type(datagram))) {
            return DropReason.SEAL_MISMATCH;
        }
        if (DatagramHeader.secret(datagram) != secret) {
            return DropReason.BAD_SECRET;
        }
        return check.acceptSender(sender) ? null : DropReason.WRONG_SOURCE_ENDPOINT;
    }

    @Override
    public int overhead() {
        return DatagramHeader.LENGTH;
    }
}
