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
        DropReason refused = port.codec().open(datagram); // sealed: replay check, tag, then opened in place
        if (refused != null) {
            rejectUnattributed(refused, sender); // nothing proved who sent it: not the named port's drop
            return;
        }
        if (!port.acceptSource(sender)) {
            reject(port, DropReason.WRONG_SOURCE_ENDPOINT, sender);
            return;
        }
        if (DatagramHeader.isHello(DatagramHeader.type(datagram))) {
            ports.renew(port); // so a lease cannot run out while the client is still proving its path
            port.sendHello();
            return;
        }
        datagram.skipBytes(DatagramHeader.LENGTH);
        engine.ingress(port.port(), datagram);
    }
}
