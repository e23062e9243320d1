package io.vnetif.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.vnetif.api.DropReason;
import io.vnetif.core.port.FrameSink;
import java.util.ArrayList;
import java.util.List;

/** A sink that copies every frame it gets, or refuses with a fixed reason. */
final class RecordingSink implements FrameSink {
    final List<byte[]> frames = new ArrayList<>();
    DropReason refuseWith;

    @Override
    public DropReason deliver(ByteBuf frame) {
        if (refuseWith != null) {
            return refuseWith;
        }
        frames.add(ByteBufUtil.getBytes(frame));
        return null;
    }
}
