package io.vnetif.netstack.wire;

/**
 * Neighbour discovery messages (RFC 4861 §4) at {@code at}, after the ICMPv6 header's first 4 bytes:
 * <pre>
 * NS (135): reserved(32)                       target(128)  options
 * NA (136): R S O flags(3) reserved(29)        target(128)  options
 * RS (133): reserved(32)                                    options
 * RA (134): hop limit(8) M O flags(8) router lifetime(16)
 *           reachable time(32) retransmission timer(32)     options
 * </pre>
 * The checks every receiver makes (§7.1.1, §7.1.2, §6.1.1, §6.1.2) that need the message alone are in
 * {@link #invalid}; those that need the IP header (hop limit 255, source) are the interface's.
 */
public final class NdpMessage {
    public static final int NA_ROUTER = 0x80;
    public static final int NA_SOLICITED = 0x40;
    public static final int NA_OVERRIDE = 0x20;
    public static final int TARGET_AT = 8;
    /** Where the options start in a solicitation or advertisement, a router solicitation, a router advertisement. */
    public static final int NEIGHBOR_OPTIONS_AT = 24;
    public static final int RS_OPTIONS_AT = 8;
    public static final int RA_OPTIONS_AT = 16;

    private NdpMessage() {
    }

    /** What is wrong with the ND message of {@code length} bytes at {@code at} (type and code read from it), or null. */
    public static String invalid(byte[] f, int at, int length, NdpOptions options) {
        if (length < Icmpv6Header.LENGTH) {
            return "shorter than an ICMPv6 header";
        }
        if (IcmpHeader.code(f, at) != 0) {
            return "ICMP code is not 0";
        }
        int optionsAt = switch (IcmpHeader.type(f, at)) {
            case Icmpv6Header.NEIGHBOR_SOLICITATION, Icmpv6Header.NEIGHBOR_ADVERTISEMENT -> NEIGHBOR_OPTIONS_AT;
            case Icmpv6Header.ROUTER_SOLICITATION -> RS_OPTIONS_AT;
            case Icmpv6Header.ROUTER_ADVERTISEMENT -> RA_OPTIONS_AT;
            default -> -1;
        };
        if (optionsAt < 0) {
            return "not a neighbour discovery message";
        }
        if (length < optionsAt) {
            return "shorter than its fixed part";
        }
        int type = IcmpHeader.type(f, at);
        if ((type == Icmpv6Header.NEIGHBOR_SOLICITATION || type == Icmpv6Header.NEIGHBOR_ADVERTISEMENT)
                && Ipv6Address.read(f, at + TARGET_AT).isMulticast()) {
            return "a multicast target address";
        }
        return options.read(f, at + optionsAt, at + length);
    }

    /** The target address of a solicitation or advertisement. */
    public static Ipv6Address target(byte[] f, int at) {
        return Ipv6Address.read(f, at + TARGET_AT);
    }

    /** The R, S and O flags of an advertisement. */
    public static int advertisementFlags(byte[] f, int at) {
        return Bytes.u8(f, at + 4) & 0xE0;
    }

    public static int raHopLimit(byte[] f, int at) {
        return Bytes.u8(f, at + 4);
    }

    public static int raRouterLifetimeSeconds(byte[] f, int at) {
        return Bytes.u16(f, at + 6);
    }

    public static long raReachableTimeMillis(byte[] f, int at) {
        return Bytes.i32(f, at + 8) & 0xFFFF_FFFFL;
    }

    public static long raRetransmitTimerMillis(byte[] f, int at) {
        return Bytes.i32(f, at + 12) & 0xFFFF_FFFFL;
    }

    /**
     * Writes a solicitation for {@code target}, with our MAC as source link-layer address unless
     * {@code mac} is -1 (DAD's solicitations come from :: and carry none, §4.3); returns the message's length.
     */
    public static int writeSolicitation(byte[] f, int at, Ipv6Address target, long mac) {
        Bytes.put32(f, at + 4, 0);
        target.write(f, at + TARGET_AT);
        int end = at + NEIGHBOR_OPTIONS_AT;
        if (mac >= 0) {
            end = NdpOptions.writeLinkAddress(f, end, NdpOptions.SOURCE_LINK_ADDRESS, mac);
        }
        return end - at;
    }

    /** Writes an advertisement for {@code target} with {@code flags} and our MAC as target link-layer address; returns its length. */
    public static int writeAdvertisement(byte[] f, int at, Ipv6Address target, int flags, long mac) {
        Bytes.put32(f, at + 4, flags << 24);
        target.write(f, at + TARGET_AT);
        return NdpOptions.writeLinkAddress(f, at + NEIGHBOR_OPTIONS_AT, NdpOptions.TARGET_LINK_ADDRESS, mac) - at;
    }

    /** Writes a router solicitation with our MAC as source link-layer address; returns its length. */
    public static int writeRouterSolicitation(byte[] f, int at, long mac) {
        Bytes.put32(f, at + 4, 0);
        return NdpOptions.writeLinkAddress(f, at + RS_OPTIONS_AT, NdpOptions.SOURCE_LINK_ADDRESS, mac) - at;
    }

    /** Writes a router advertisement's fixed part (options to follow at {@code at + RA_OPTIONS_AT}). */
    public static void writeRouterAdvertisement(byte[] f, int at, int hopLimit, int flags, int lifetimeSeconds, int reachableMillis,
                                                int retransmitMillis) {
        Bytes.put8(f, at + 4, hopLimit);
        Bytes.put8(f, at + 5, flags);
        Bytes.put16(f, at + 6, lifetimeSeconds);
        Bytes.put32(f, at + 8, reachableMillis);
        Bytes.put32(f, at + 12, retransmitMillis);
    }
}
