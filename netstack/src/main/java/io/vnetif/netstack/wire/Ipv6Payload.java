package io.vnetif.netstack.wire;

/**
 * Where an IPv6 packet's upper-layer data starts: {@link #read} walks the extension headers the stack
 * passes over (hop-by-hop options first only, destination options; RFC 8200 §4) to the first header that is
 * not one of them. A holder reused for every packet: nothing allocated.
 */
public final class Ipv6Payload {
    /** The upper layer's next-header value (or a header the stack does not pass over, e.g. fragment, routing). */
    public int protocol;
    /** Where its header starts. */
    public int at;
    /** Its length: the packet's end less {@link #at}. */
    public int length;
    /** Where the next-header field that names {@link #protocol} is (what a parameter problem points at). */
    public int nextHeaderAt;
    /** Whether a hop-by-hop header carried the router alert option (RFC 2711: MLD carries it). */
    public boolean routerAlert;

    /**
     * Walks the packet whose IPv6 header (checked by {@link Ipv6Header#invalid}) is at {@code ipAt}.
     *
     * @return what is wrong, or null
     */
    public String read(byte[] f, int ipAt) {
        int end = ipAt + Ipv6Header.LENGTH + Ipv6Header.payloadLength(f, ipAt);
        int next = Ipv6Header.nextHeader(f, ipAt);
        int o = ipAt + Ipv6Header.LENGTH;
        int nextAt = ipAt + 6;
        routerAlert = false;
        boolean first = true;
        while (next == Ipv6Header.NEXT_HOP_BY_HOP || next == Ipv6Header.NEXT_DESTINATION_OPTIONS) {
            if (next == Ipv6Header.NEXT_HOP_BY_HOP && !first) {
                return "a hop-by-hop header not first (RFC 8200 §4.1)";
            }
            if (end - o < 8) {
                return "an extension header beyond the packet";
            }
            int length = (Bytes.u8(f, o + 1) + 1) * 8;
            if (length > end - o) {
                return "an extension header beyond the packet";
            }
            String wrong = options(f, o + 2, o + length, next == Ipv6Header.NEXT_HOP_BY_HOP);
            if (wrong != null) {
                return wrong;
            }
            next = Bytes.u8(f, o);
            nextAt = o;
            o += length;
            first = false;
        }
        this.protocol = next;
        this.nextHeaderAt = nextAt;
        this.at = o;
        this.length = end - o;
        return null;
    }

    /** Checks the TLV options of one header (RFC 8200 §4.2); an unknown option whose type says "discard" refuses the packet. */
    private String options(byte[] f, int from, int to, boolean hopByHop) {
        int o = from;
        while (o < to) {
            int type = Bytes.u8(f, o);
            if (type == 0) { // Pad1
                o++;
                continue;
            }
            if (to - o < 2 || 2 + Bytes.u8(f, o + 1) > to - o) {
                return "an option beyond its header";
            }
            int length = Bytes.u8(f, o + 1);
            if (hopByHop && type == 5 && length == 2) {
                routerAlert = true;
            } else if (type != 1 && (type >>> 6) != 0) {
                return "an unknown option of type " + type + " that must not be skipped";
            }
            o += 2 + length;
        }
        return null;
    }
}
