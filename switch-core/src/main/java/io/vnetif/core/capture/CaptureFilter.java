package io.vnetif.core.capture;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.MacAddress;
import io.vnetif.core.port.Port;
import io.vnetif.wire.Ethernet;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which frames a capture session takes: one port or all of the network, which directions, and
 * optionally a MAC (source or destination), an EtherType and a size range.
 *
 * @param portId     only this port; 0 for every port of the network
 * @param directions ingress, egress or both
 * @param mac        frames from or to this MAC; {@code null} for any
 * @param etherType  this EtherType only; -1 for any
 */
public record CaptureFilter(int portId, Set<CaptureSink.Direction> directions, MacAddress mac, int etherType,
                            int minSize, int maxSize) {
    public CaptureFilter {
        directions = directions.isEmpty() ? Set.of() : EnumSet.copyOf(directions);
        if (minSize < 0 || maxSize < minSize) {
            throw new IllegalArgumentException("size range " + minSize + ".." + maxSize + " is empty");
        }
        if (etherType < -1 || etherType > 0xFFFF) {
            throw new IllegalArgumentException("EtherType " + etherType + " out of range");
        }
    }

    /** Every frame of every port, both directions. */
    public static CaptureFilter all() {
        return new CaptureFilter(0, EnumSet.allOf(CaptureSink.Direction.class), null, -1, 0, Integer.MAX_VALUE);
    }

    boolean test(Port port, CaptureSink.Direction direction, ByteBuf frame) {
        if (!directions.contains(direction) || (portId != 0 && port.id() != portId)) {
            return false;
        }
        int length = frame.readableBytes();
        if (length < minSize || length > maxSize) {
            return false;
        }
        if (length < Ethernet.HEADER_LENGTH) {
            return mac == null && etherType < 0;
        }
        int start = frame.readerIndex();
        if (mac != null && Ethernet.source(frame, start) != mac.toLong() && Ethernet.destination(frame, start) != mac.toLong()) {
            return false;
        }
        return etherType < 0 || frame.getUnsignedShort(start + Ethernet.ETHERTYPE_OFFSET) == etherType;
    }
}
