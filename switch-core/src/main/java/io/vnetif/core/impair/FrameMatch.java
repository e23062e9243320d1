package io.vnetif.core.impair;

import io.netty.buffer.ByteBuf;
import io.vnetif.api.MacAddress;
import io.vnetif.wire.Ethernet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** EtherTypes by the names the vnetif command takes (the first name of a value is the one written). */
    public static final Map<String, Integer> ETHER_TYPE_NAMES = names("ipv4", 0x0800, "arp", 0x0806, "ipv6", 0x86DD, "ip", 0x0800);

    /** IP protocols by the names the vnetif command takes. */
    public static final Map<String, Integer> IP_PROTOCOL_NAMES = names("icmp", 1, "tcp", 6, "udp", 17, "icmpv6", 58);

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

    /**
     * The conditions in the words of the vnetif command's filter options, without their dashes:
     * {@code ethertype arp, ip-proto tcp, size 0-128, dst 02:00:00:00:00:01} ({@code --ethertype arp} and so
     * on read it back); empty when this matches every frame.
     */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (etherType >= 0) {
            parts.add("ethertype " + name(ETHER_TYPE_NAMES, etherType, "0x" + String.format("%04x", etherType)));
        }
        if (ipProtocol >= 0) {
            parts.add("ip-proto " + name(IP_PROTOCOL_NAMES, ipProtocol, Integer.toString(ipProtocol)));
        }
        if (minSize > 0 || maxSize < Integer.MAX_VALUE) {
            parts.add("size " + minSize + "-" + (maxSize == Integer.MAX_VALUE ? "" : Integer.toString(maxSize)));
        }
        if (destination != null) {
            parts.add("dst " + destination);
        }
        return String.join(", ", parts);
    }

    private static String name(Map<String, Integer> names, int value, String otherwise) {
        return names.entrySet().stream().filter(e -> e.getValue() == value).map(Map.Entry::getKey).findFirst().orElse(otherwise);
    }

    /** An insertion-ordered map of names to values: the first name given for a value is the one written. */
    private static Map<String, Integer> names(Object... pairs) {
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            names.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return Collections.unmodifiableMap(names);
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
