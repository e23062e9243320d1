package io.vnetif.core.impair;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.MacAddress;
import io.vnetif.wire.Ethernet;

/**
 * Which frames a rule applies to: every condition given must hold; none given matches every frame.
 *
 * @param etherType  EtherType (e.g. 0x0806 for ARP), or -1 for any
 * @param ipProtocol IPv4 protocol / IPv6 next header (6 TCP, 17 UDP, 1 ICMP), or -1 for any; frames
 *                   that are not IP never match a protocol
 * @param minSize    smallest frame length (header included) that matches
 * @param maxSize    largest frame length that matches
 * @param destination destination MAC, or {@code null} for any
 */
public record FrameMatch(int etherType, int ipProtocol, int minSize, int maxSize, MacAddress destination) {
    /** Matches every frame. */
    public static final FrameMatch ALL = new FrameMatch(-1, -1, 0, Integer.MAX_VALUE, null);

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;

    public FrameMatch {
        if (etherType < -1 || etherType > 0xFFFF) {
            throw new IllegalArgumentException("EtherType " + etherType + " out of range 0..0xffff");
        }
        if (ipProtocol < -1 || ipProtocol > 255) {
            throw new IllegalArgumentException("IP protocol " + ipProtocol + " out of range 0..255");
        }
        if (minSize < 0 || maxSize < minSize) {
            throw new IllegalArgumentException("size range " + minSize + ".." + maxSize + " is empty");
        }
    }

    /** Frames of this EtherType. */
    public FrameMatch withEtherType(int type) {
        return new FrameMatch(type, ipProtocol, minSize, maxSize, destination);
    }

    /** IP frames of this protocol. */
    public FrameMatch withIpProtocol(int protocol) {
        return new FrameMatch(etherType, protocol, minSize, maxSize, destination);
    }

    /** Frames whose length is in {@code min..max} bytes. */
    public FrameMatch withSize(int min, int max) {
        return new FrameMatch(etherType, ipProtocol, min, max, destination);
    }

    /** Frames to this destination MAC. */
    public FrameMatch withDestination(MacAddress mac) {
        return new FrameMatch(etherType, ipProtocol, minSize, maxSize, mac);
    }

    /** True when this matches every frame. */
    public boolean matchesAll() {
        return equals(ALL);
    }

    /** Tests the frame between the buffer's reader and writer index. */
    public boolean test(ByteBuf frame) {
        int length = frame.readableBytes();
        if (length < minSize || length > maxSize) {
            return false;
        }
        int start = frame.readerIndex();
        if (destination != null && Ethernet.destination(frame, start) != destination.toLong()) {
            return false;
        }
        if (etherType < 0 && ipProtocol < 0) {
            return true;
        }
        int offset = start + Ethernet.ETHERTYPE_OFFSET;
        int type = frame.getUnsignedShort(offset);
        if (type == ETHERTYPE_VLAN && length >= Ethernet.HEADER_LENGTH + 4) {
            offset += 4;
            type = frame.getUnsignedShort(offset);
        }
        if (etherType >= 0 && type != etherType) {
            return false;
        }
        return ipProtocol < 0 || ipProtocol(frame, offset + 2, type) == ipProtocol;
    }

    private static int ipProtocol(ByteBuf frame, int l3, int type) {
        if (type == ETHERTYPE_IPV4 && frame.writerIndex() > l3 + 9) {
            return frame.getUnsignedByte(l3 + 9);
        }
        if (type == ETHERTYPE_IPV6 && frame.writerIndex() > l3 + 6) {
            return frame.getUnsignedByte(l3 + 6);
        }
        return -2;
    }
}
