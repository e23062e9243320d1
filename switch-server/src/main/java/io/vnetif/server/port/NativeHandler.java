package io.vnetif.server.port;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import io.vnetif.server.io.DataOutputs;
import io.vnetif.server.io.DataPlaneGuard;
import io.vnetif.wire.DatagramHeader;
import java.net.InetSocketAddress;

/**
 * The native data socket: decodes and authenticates each datagram (WIRE.md), plain or sealed as its
 * port was attached, and hands its frame to the engine.
 */
public final class NativeHandler extends DatagramHandler {
    public NativeHandler(PortRegistry ports, DataOutputs outputs, DataPlaneGuard guard) {
        super(ports, outputs, guard);
    }

    @Override
    public void receive(ByteBuf datagram, InetSocketAddress sender) {
        DropReason malformed = DatagramHeader.check(datagram);
        if (malformed != null) {
            rejectUnattributed(malformed, sender);
            return;
        }
        NativePort port = ports.nativePort(DatagramHeader.portId(datagram));
        if (port == null) {
            rejectUnattributed(DropReason.UNKNOWN_PORT, sender);
            return;
        }
        // Secret, or sealed: replay check and tag; then the sender (binding the port to its first); then a
        // sealed datagram's number is used up and it is opened in place.
        DropReason refused = port.codec().open(datagram, port, sender);
        if (refused == DropReason.WRONG_SOURCE_ENDPOINT) {
            reject(port, refused, sender); // it carried the port's credentials, from another socket
            return;
        }
        if (refused != null) {
            rejectUnattributed(refused, sender); // nothing proved who sent it: not the named port's drop
            return;
        }
        if (DatagramHeader.isHello(DatagramHeader.type(datagram))) {
            // No lease renewal here: only the Lease stream renews a port (WIRE.md section 1).
            port.sendHello();
            return;
        }
        datagram.skipBytes(DatagramHeader.LENGTH);
        engine.ingress(port.port(), datagram);
    }
}
