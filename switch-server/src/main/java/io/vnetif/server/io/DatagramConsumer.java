package io.vnetif.server.io;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/** What a data-plane socket does with what it reads, however it reads (Netty's datagram read or {@link BatchReader}). */
public interface DatagramConsumer {
    /** One datagram; {@code datagram} is released by the caller once this returns (retain to keep it). */
    void receive(ByteBuf datagram, InetSocketAddress sender);

    /** {@link #receive} threw an exception: a bug on the read path, reported; the batch goes on (an Error does not come here). */
    void receiveFailed(Throwable cause);
}
